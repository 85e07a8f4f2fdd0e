import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrors } from '../../core/http/api-docs';
import type { Role } from '../users/user.entity';
import type { AuthUser } from './auth-user';

export const ROLES_KEY = 'roles';

/**
 * Only these roles may call the route (others get 403, documented here with the bearer scheme). Object
 * routes still check ownership or region in the service.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(), ApiErrors(403));

/** The authenticated caller (routes without @Public() always have one). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const request = ctx.switchToHttp().getRequest<{ user: AuthUser }>();
  return request.user;
});
