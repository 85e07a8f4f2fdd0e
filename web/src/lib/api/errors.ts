/** The API's one error shape (DESIGN.md "API conventions"). */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  details: Array<{ field: string; message: string }>;
  requestId?: string;
}

/** A failed call: thrown by the client's middleware, so queries and mutations see it as their error. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.body.code;
  }

  /** The details of one field (`homePostcode`, `staff.pohSomaticFte`). */
  detailsFor(field: string): string[] {
    return this.body.details.filter((d) => d.field === field).map((d) => d.message);
  }
}

/** Reads any response body into the error shape; a body that is not one (a proxy's HTML page) still gives one. */
export function toErrorBody(status: number, raw: unknown): ApiErrorBody {
  if (raw && typeof raw === 'object' && 'code' in raw && 'message' in raw) {
    const body = raw as Partial<ApiErrorBody>;
    return {
      statusCode: typeof body.statusCode === 'number' ? body.statusCode : status,
      error: typeof body.error === 'string' ? body.error : '',
      code: String(body.code),
      message: String(body.message),
      details: Array.isArray(body.details) ? body.details : [],
      requestId: typeof body.requestId === 'string' ? body.requestId : undefined,
    };
  }
  return {
    statusCode: status,
    error: '',
    code: status >= 500 ? 'INTERNAL.ERROR' : 'REQUEST.FAILED',
    message: '',
    details: [],
  };
}

/** A message key and its values for one detail the API gave, so the field shows it in the user's language. */
export function detailMessage(message: string): { key: DetailKey; values: Record<string, string> } {
  const number = /(-?\d+(?:\.\d+)?)/.exec(message)?.[1] ?? '';
  // A PC4 range's two ends (`from (9500) must not be greater than to (9400)`, `to (…) must not be below from`).
  if (/^(from \(\d+\) must not be greater than to|to \(\d+\) must not be below from)/.test(message))
    return { key: 'fieldError.rangeOrder', values: {} };
  if (/must not be less than|must be at least|must be a positive|>= ?/i.test(message) && number)
    return { key: 'fieldError.min', values: { n: number } };
  if (/must not be greater than|must be at most/i.test(message) && number)
    return { key: 'fieldError.max', values: { n: number } };
  if (/longer than or equal to/i.test(message)) return { key: 'fieldError.minLength', values: { n: number } };
  if (/shorter than or equal to/i.test(message))
    return { key: 'fieldError.maxLength', values: { n: number } };
  if (/should not be empty|is required|must not be empty|must contain at least/i.test(message))
    return { key: 'fieldError.required', values: {} };
  if (/email/i.test(message)) return { key: 'fieldError.email', values: {} };
  if (/date/i.test(message)) return { key: 'fieldError.date', values: {} };
  if (/outside your regions/i.test(message)) return { key: 'fieldError.outsideRegions', values: {} };
  if (/postcode|pc4|place/i.test(message)) return { key: 'fieldError.postcode', values: {} };
  if (/phone/i.test(message)) return { key: 'fieldError.phone', values: {} };
  if (/should not exist/i.test(message)) return { key: 'fieldError.unknown', values: {} };
  return { key: 'fieldError.invalid', values: {} };
}

export type DetailKey =
  | 'fieldError.min'
  | 'fieldError.max'
  | 'fieldError.minLength'
  | 'fieldError.maxLength'
  | 'fieldError.required'
  | 'fieldError.email'
  | 'fieldError.date'
  | 'fieldError.postcode'
  | 'fieldError.outsideRegions'
  | 'fieldError.phone'
  | 'fieldError.unknown'
  | 'fieldError.rangeOrder'
  | 'fieldError.invalid';
