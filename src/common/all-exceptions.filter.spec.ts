import { type ArgumentsHost, InternalServerErrorException, ServiceUnavailableException } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { AllExceptionsFilter, DATABASE_RETRY_AFTER_SECONDS } from './all-exceptions.filter';

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

describe('AllExceptionsFilter: the database unavailable', () => {
  it('a refused or lost connection is a 503 DATABASE_UNAVAILABLE naming the database and why, not a 500', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' });
    const envelope = filter.toEnvelope(refused, 'c-3');
    expect(envelope).toEqual({
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: `The database is unavailable; send the request again after ${DATABASE_RETRY_AFTER_SECONDS} seconds (an event sent again is answered DUPLICATE if it was applied)`,
      details: [{ field: 'database', reason: 'refused the connection' }],
      correlationId: 'c-3',
    });
    // the server's address is not sent
    expect(JSON.stringify(envelope)).not.toContain('10.1.2.3');
  });

  it('sets Retry-After on the 503 and logs a warning with the error code only', () => {
    const headers: Record<string, string> = {};
    const replies: [unknown, number][] = [];
    const adapter = {
      setHeader: (_res: unknown, k: string, v: string) => (headers[k] = v),
      reply: (_res: unknown, body: unknown, status: number) => replies.push([body, status]),
    };
    const f = new AllExceptionsFilter({ httpAdapter: adapter } as unknown as HttpAdapterHost);
    const warn = jest
      .spyOn((f as unknown as { logger: { warn: (...a: unknown[]) => void } }).logger, 'warn')
      .mockImplementation(() => undefined);
    const host = { switchToHttp: () => ({ getRequest: () => ({ id: 'c-4' }), getResponse: () => ({}) }) } as unknown as ArgumentsHost;
    f.catch(Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' }), host);
    expect(headers['Retry-After']).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    expect(replies[0][1]).toBe(503);
    expect(warn).toHaveBeenCalledWith(
      { correlationId: 'c-4', details: [{ field: 'database', reason: 'refused the connection' }], cause: 'ECONNREFUSED' },
      'Database unavailable',
    );
  });
});
