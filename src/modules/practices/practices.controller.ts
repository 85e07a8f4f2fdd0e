import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Page } from '../../core/http/pagination';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { CreatePracticeDto, ListPracticesQuery, PracticeView, UpdatePracticeDto } from './practice.dto';
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
  @ApiCreatedResponse({ type: PracticeView })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreatePracticeDto): Promise<PracticeView> {
    return this.practices.create(user, dto);
  }

  @Get()
  @Roles('stopper', 'coordinator', 'admin')
  @ApiOkResponse({ description: '{items, total, page, pageSize} of practices' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListPracticesQuery): Promise<Page<PracticeView>> {
    return this.practices.list(user, query);
  }

  @Get(':id')
  @Roles('stopper', 'coordinator', 'admin')
  @ApiOkResponse({ type: PracticeView })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<PracticeView> {
    return this.practices.get(user, id);
  }

  @Patch(':id')
  @Roles('stopper', 'coordinator')
  @ApiOkResponse({ type: PracticeView })
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
  @ApiNoContentResponse({ description: 'Erased (a draft without matches) or withdrawn' })
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.practices.remove(user, id);
  }

  @Post(':id/publish')
  @Roles('stopper')
  @HttpCode(200)
  @ApiOkResponse({ type: PracticeView })
  publish(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<PracticeView> {
    return this.practices.publish(user, id);
  }

  @Post(':id/withdraw')
  @Roles('stopper')
  @HttpCode(200)
  @ApiOkResponse({ type: PracticeView })
  withdraw(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<PracticeView> {
    return this.practices.withdraw(user, id);
  }
}
