import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { QueueDashboardService, TICKET_TTL_SECONDS } from './queue-dashboard.service';

export class QueueDashboardTicketDto {
  @ApiProperty({ description: `Single use, valid ${TICKET_TTL_SECONDS} seconds` })
  ticket!: string;

  @ApiProperty({
    example: '/admin/queues/?ticket=…',
    description: 'Open this in the browser: it trades the ticket for the dashboard cookie and redirects',
  })
  url!: string;

  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/queue-dashboard')
export class QueueDashboardController {
  constructor(private readonly dashboard: QueueDashboardService) {}

  /** The queue dashboard (bull-board, /admin/queues) opens with this ticket; audited. */
  @Post('ticket')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: QueueDashboardTicketDto })
  @ApiOperation({
    operationId: 'issueQueueDashboardTicket',
    summary: 'A short-lived, single-use ticket that opens the queue dashboard',
  })
  @ApiErrors(503)
  issue(@CurrentUser() admin: AuthUser): Promise<QueueDashboardTicketDto> {
    return this.dashboard.issueTicket(admin.id);
  }
}
