import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import { Page, PageDto } from '../../core/http/pagination';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { EventDto } from './event.dto';
import { EventRsvpDto, ListRsvpsQuery, UpdateEventDto } from './event-attendance.dto';
import { EventAttendanceService } from './event-attendance.service';

export class EventRsvpPageDto extends PageDto(EventRsvpDto) {}

/** An event's coordinators (its region's, and admins) change it and read its RSVPs; others 404. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('events/:id')
export class EventAttendanceController {
  constructor(private readonly attendance: EventAttendanceService) {}

  @Patch()
  @Roles('coordinator', 'admin')
  @ApiOperation({ operationId: 'updateEvent' })
  @ApiOkResponse({ type: EventDto })
  @ApiErrors(404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: UpdateEventDto,
  ): Promise<EventDto> {
    return this.attendance.update(user, id, dto);
  }

  @Get('rsvps')
  @Roles('coordinator', 'admin')
  @ApiOperation({ operationId: 'listEventRsvps', summary: 'Who attends and the waiting list, in order' })
  @ApiOkResponse({ type: EventRsvpPageDto })
  @ApiErrors(404)
  rsvps(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Query() query: ListRsvpsQuery,
  ): Promise<Page<EventRsvpDto>> {
    return this.attendance.rsvps(user, id, query);
  }
}
