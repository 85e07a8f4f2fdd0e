import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import type { Page } from '../../core/http/pagination';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import {
  CreatePracticeDto,
  ListPracticesQuery,
  PracticePageDto,
  PracticeView,
  UpdatePracticeDto,
} from './practice.dto';
import { PracticesService } from './practices.service';

/**
 * Stoppers own practices; a coordinator of the practice's region reads and corrects them; admins read.
 * Starters have the public board (`/api/vacancies`) instead.
 */
@ApiTags('practices')
@ApiBearerAuth()
@Controller('practices')
export class PracticesController {
  constructor(private readonly practices: PracticesService) {}

  @Post()
  @Roles('stopper')
  @ApiOperation({ operationId: 'createPractice' })
  @ApiCreatedResponse({ type: PracticeView })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreatePracticeDto): Promise<PracticeView> {
    return this.practices.create(user, dto);
  }

  @Get()
  @Roles('stopper', 'coordinator', 'admin')
  @ApiOperation({ operationId: 'listPractices' })
  @ApiOkResponse({ type: PracticePageDto, description: "The caller's own, or a coordinator's regions'" })
  @ApiErrors(404)
  list(@CurrentUser() user: AuthUser, @Query() query: ListPracticesQuery): Promise<Page<PracticeView>> {
    return this.practices.list(user, query);
  }

  @Get(':id')
  @Roles('stopper', 'coordinator', 'admin')
  @ApiOperation({ operationId: 'getPractice' })
  @ApiOkResponse({ type: PracticeView })
  @ApiErrors(404)
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<PracticeView> {
    return this.practices.get(user, id);
  }

  @Patch(':id')
  @Roles('stopper', 'coordinator')
  @ApiOperation({ operationId: 'updatePractice' })
  @ApiOkResponse({ type: PracticeView })
  @ApiErrors(404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() dto: UpdatePracticeDto,
  ): Promise<PracticeView> {
    return this.practices.update(user, id, dto);
  }

  @Delete(':id')
  @Roles('stopper')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deletePractice' })
  @ApiNoContentResponse({ description: 'Erased (a draft without matches) or withdrawn' })
  @ApiErrors(404, 409)
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.practices.remove(user, id);
  }

  @Post(':id/publish')
  @Roles('stopper')
  @HttpCode(200)
  @ApiOperation({ operationId: 'publishPractice' })
  @ApiOkResponse({ type: PracticeView })
  @ApiErrors(404, 409)
  publish(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<PracticeView> {
    return this.practices.publish(user, id);
  }

  @Post(':id/withdraw')
  @Roles('stopper')
  @HttpCode(200)
  @ApiOperation({ operationId: 'withdrawPractice' })
  @ApiOkResponse({ type: PracticeView })
  @ApiErrors(404, 409)
  withdraw(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<PracticeView> {
    return this.practices.withdraw(user, id);
  }
}
