import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../../core/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { UpdateMeDto } from '../auth/auth.dto';
import { CurrentUser } from '../auth/auth.decorators';
import { User } from './user.entity';

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['starter', 'stopper', 'coordinator', 'admin'] }) role!: string;
  @ApiProperty({ enum: ['nl', 'en'] }) locale!: string;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty() emailVerified!: boolean;
  @ApiProperty({ type: [String], format: 'uuid', description: "A coordinator's regions; empty for others" })
  regionIds!: string[];
}

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getMe' })
  @ApiOkResponse({ type: MeDto })
  @ApiErrors(404)
  async me(@CurrentUser() caller: AuthUser): Promise<MeDto> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: caller.id });
    if (!user) throw notFound('USER.NOT_FOUND', 'Account');
    return toMe(user, caller.regionIds);
  }

  @Patch()
  @ApiOperation({ operationId: 'updateMe' })
  @ApiOkResponse({ type: MeDto })
  @ApiErrors(404)
  async update(@CurrentUser() caller: AuthUser, @Body() dto: UpdateMeDto): Promise<MeDto> {
    return this.dataSource.transaction(async (m) => {
      const user = await m.getRepository(User).findOneBy({ id: caller.id });
      if (!user) throw notFound('USER.NOT_FOUND', 'Account');
      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      if (dto.phone !== undefined) user.phone = dto.phone;
      if (dto.locale !== undefined) user.locale = dto.locale;
      await m.save(user);
      await this.audit.record(m, {
        actorId: caller.id,
        action: 'account.updated',
        targetType: 'user',
        targetId: caller.id,
        details: { fields: Object.keys(dto) },
      });
      return toMe(user, caller.regionIds);
    });
  }
}

function toMe(user: User, regionIds: string[]): MeDto {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    locale: user.locale,
    phone: user.phone,
    emailVerified: user.emailVerifiedAt !== null,
    regionIds,
  };
}
