import { ApiError, detailMessage, toErrorBody } from './errors';

describe('API errors in the web app', () => {
  it('maps class-validator messages to message keys with their numbers', () => {
    expect(detailMessage('maxTravelKm must not be greater than 300')).toEqual({
      key: 'fieldError.max',
      values: { n: '300' },
    });
    expect(detailMessage('daysPerWeekMin must not be less than 0.5')).toEqual({
      key: 'fieldError.min',
      values: { n: '0.5' },
    });
    expect(detailMessage('password must be longer than or equal to 10 characters')).toEqual({
      key: 'fieldError.minLength',
      values: { n: '10' },
    });
    expect(detailMessage('email must be an email')).toEqual({ key: 'fieldError.email', values: {} });
    expect(detailMessage('homePostcode is not a known PC4')).toEqual({
      key: 'fieldError.postcode',
      values: {},
    });
    // A coordinator moving a practice out of their regions: not an unknown postcode.
    expect(detailMessage('postcode lies outside your regions')).toEqual({
      key: 'fieldError.outsideRegions',
      values: {},
    });
    expect(detailMessage('property foo should not exist')).toEqual({ key: 'fieldError.unknown', values: {} });
    expect(detailMessage('from (9500) must not be greater than to (9400)')).toEqual({
      key: 'fieldError.rangeOrder',
      values: {},
    });
    expect(detailMessage('to (1740) must not be below from (1799)').key).toBe('fieldError.rangeOrder');
    expect(detailMessage('something else entirely')).toEqual({ key: 'fieldError.invalid', values: {} });
  });

  it('gives the details of the field they name, nested fields by their path', () => {
    const error = new ApiError(
      400,
      toErrorBody(400, {
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION.FAILED',
        message: 'Validation failed',
        details: [
          { field: 'staff.pohSomaticFte', message: 'staff.pohSomaticFte must not be greater than 20' },
          { field: 'listSize', message: 'listSize must not be less than 1' },
        ],
        requestId: 'r-1',
      }),
    );
    expect(error.detailsFor('staff.pohSomaticFte')).toEqual([
      'staff.pohSomaticFte must not be greater than 20',
    ]);
    expect(error.detailsFor('listSize')).toHaveLength(1);
    expect(error.detailsFor('name')).toEqual([]);
    expect(error.code).toBe('VALIDATION.FAILED');
  });

  it('still gives the one shape for a body that is not the API error (a proxy page)', () => {
    expect(toErrorBody(502, '<html>bad gateway</html>')).toEqual({
      statusCode: 502,
      error: '',
      code: 'INTERNAL.ERROR',
      message: '',
      details: [],
    });
  });
});
