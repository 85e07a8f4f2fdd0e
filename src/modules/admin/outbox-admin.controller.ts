import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { ListOutboxQuery, OutboxItemDto, OutboxPageDto } from './outbox-admin.dto';
import { OutboxAdminService } from './outbox-admin.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/outbox')
export class OutboxAdminController {
  constructor(private readonly outbox: OutboxAdminService) {}

  @Get()
  @ApiOkResponse({ type: OutboxPageDto })
  @ApiOperation({ operationId: 'listOutbox' })
  list(@Query() query: ListOutboxQuery): Promise<OutboxPageDto> {
    return this.outbox.list(query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: OutboxItemDto })
  @ApiOperation({ operationId: 'retryOutboxMessage' })
  @ApiErrors(404, 409)
  retry(@CurrentUser() admin: AuthUser, @Param('id') id: string): Promise<OutboxItemDto> {
    return this.outbox.retry(admin.id, id);
  }
}
