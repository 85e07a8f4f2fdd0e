import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import { Page, PageDto } from '../../core/http/pagination';
import { Public } from '../../core/http/public.decorator';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { CreatedEventDto, CreateEventDto, EventDto, ListEventsQuery, RsvpDto } from './event.dto';
import { EventsService } from './events.service';

export class EventPageDto extends PageDto(EventDto) {}

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @ApiBearerAuth()
  @Roles('coordinator', 'admin')
  @ApiCreatedResponse({ type: CreatedEventDto, description: 'Created; invitations are in the outbox' })
  @ApiOperation({ operationId: 'createEvent' })
  @ApiErrors(404)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateEventDto): Promise<CreatedEventDto> {
    return this.events.create(user, dto);
  }

  /** Public: upcoming, not cancelled events, soonest first. */
  @Get()
  @Public()
  @ApiOkResponse({ type: EventPageDto })
  @ApiOperation({ operationId: 'listEvents' })
  list(@Query() query: ListEventsQuery): Promise<Page<EventDto>> {
    return this.events.list(query);
  }

  @Get(':id')
  @Public()
  @ApiOkResponse({ type: EventDto })
  @ApiOperation({ operationId: 'getEvent' })
  @ApiErrors(404)
  get(@Param('id') id: string): Promise<EventDto> {
    return this.events.get(id);
  }

  @Post(':id/rsvp')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('starter', 'stopper')
  @ApiOkResponse({ type: RsvpDto, description: 'attending, or waitlisted when the event is full' })
  @ApiOperation({ operationId: 'rsvpEvent' })
  @ApiErrors(404, 409)
  rsvp(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<RsvpDto> {
    return this.events.rsvp(user, id);
  }

  @Delete(':id/rsvp')
  @HttpCode(204)
  @ApiBearerAuth()
  @Roles('starter', 'stopper')
  @ApiNoContentResponse()
  @ApiOperation({ operationId: 'cancelRsvp' })
  @ApiErrors(404)
  cancelRsvp(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.events.cancelRsvp(user, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('coordinator', 'admin')
  @ApiOkResponse({ type: EventDto })
  @ApiOperation({ operationId: 'cancelEvent' })
  @ApiErrors(404, 409)
  cancel(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<EventDto> {
    return this.events.cancel(user, id);
  }
}
