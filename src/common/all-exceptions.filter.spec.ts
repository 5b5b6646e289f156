import { InternalServerErrorException, ServiceUnavailableException } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { AllExceptionsFilter } from './all-exceptions.filter';

const filter = new AllExceptionsFilter({} as HttpAdapterHost);

describe('AllExceptionsFilter: 5xx answers', () => {
  it('a failed readiness check (terminus throws 503 with its result) is a 503 naming what is down, not a 500', () => {
    const result = {
      status: 'error',
      info: {},
      error: { database: { status: 'down', message: 'no answer within 50 ms' } },
      details: { database: { status: 'down', message: 'no answer within 50 ms' } },
    };
    expect(filter.toEnvelope(new ServiceUnavailableException(result), 'c-1')).toEqual({
      statusCode: 503,
      code: 'UNAVAILABLE',
      message: 'The service is not ready',
      details: [{ field: 'database', reason: 'is down: no answer within 50 ms' }],
      correlationId: 'c-1',
    });
  });

  it('any other 5xx is the generic 500, its message not sent', () => {
    for (const err of [new InternalServerErrorException('SELECT secret FROM t'), new Error('relation "x" does not exist')]) {
      expect(filter.toEnvelope(err, 'c-2')).toEqual({
        statusCode: 500,
        code: 'INTERNAL_ERROR',
        message: 'An internal error occurred; quote the correlation id when reporting it',
        details: [],
        correlationId: 'c-2',
      });
    }
  });
});
