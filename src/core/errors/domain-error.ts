import { HttpStatus } from '@nestjs/common';

export interface ErrorDetail {
  field: string;
  message: string;
}

/**
 * An expected failure with a stable, namespaced machine code (`PRACTICE.NOT_FOUND`). Services throw it;
 * the global filter turns it into the one error shape of DESIGN.md.
 */
export class DomainError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (code: string, what: string): DomainError =>
  new DomainError(HttpStatus.NOT_FOUND, code, `${what} not found`);

export const validationFailed = (details: ErrorDetail[], message = 'Validation failed'): DomainError =>
  new DomainError(HttpStatus.BAD_REQUEST, 'VALIDATION.FAILED', message, details);

export const forbidden = (code: string, message: string): DomainError =>
  new DomainError(HttpStatus.FORBIDDEN, code, message);

export const conflict = (code: string, message: string): DomainError =>
  new DomainError(HttpStatus.CONFLICT, code, message);
