import { HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { ErrorDetail } from './domain-error';

/** The one error body every 4xx/5xx carries (DESIGN.md "API conventions"). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details: ErrorDetail[];
  requestId: string;
}

const CODE_BY_STATUS: Record<number, string> = {
  [HttpStatus.BAD_REQUEST]: 'REQUEST.BAD',
  [HttpStatus.UNAUTHORIZED]: 'AUTH.UNAUTHORIZED',
  [HttpStatus.FORBIDDEN]: 'AUTH.FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'ROUTE.NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'ROUTE.METHOD_NOT_ALLOWED',
  [HttpStatus.NOT_ACCEPTABLE]: 'REQUEST.NOT_ACCEPTABLE',
  [HttpStatus.CONFLICT]: 'REQUEST.CONFLICT',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'REQUEST.TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'REQUEST.RATE_LIMITED',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'SERVICE.UNAVAILABLE',
};

export function defaultCode(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL.ERROR' : 'REQUEST.FAILED');
}

export function errorBody(
  status: number,
  requestId: string,
  message: string,
  code = defaultCode(status),
  details: ErrorDetail[] = [],
): ErrorBody {
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', code, message, details, requestId };
}
