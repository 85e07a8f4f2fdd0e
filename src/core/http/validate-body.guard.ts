import { CanActivate, ExecutionContext, Injectable, mixin, Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validationFailed } from '../errors/domain-error';
import { flattenValidationErrors } from '../errors/validation';

/**
 * Validates the body against a DTO with the global pipe's rules, as a guard: for routes whose other guards
 * (passport-local on login) read the body before any pipe runs, so unknown fields are still a 400.
 */
export function ValidateBody(dto: Type<object>): Type<CanActivate> {
  @Injectable()
  class ValidateBodyGuard implements CanActivate {
    async canActivate(context: ExecutionContext): Promise<boolean> {
      const body = context.switchToHttp().getRequest<{ body?: unknown }>().body ?? {};
      const errors = await validate(plainToInstance(dto, body), {
        whitelist: true,
        forbidNonWhitelisted: true,
        forbidUnknownValues: true,
      });
      if (errors.length > 0) {
        const details = flattenValidationErrors(errors);
        throw validationFailed(details, `Invalid fields: ${[...new Set(details.map((d) => d.field))].join(', ')}`);
      }
      return true;
    }
  }
  return mixin(ValidateBodyGuard);
}
