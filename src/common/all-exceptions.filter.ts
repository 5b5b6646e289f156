import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppError, type ErrorDetail } from './app-error';
import { databaseUnavailableReason } from './database-unavailable';

/** The one error envelope every error response uses, 404 and validation included. */
export interface ErrorEnvelope {
  statusCode: number;
  code: string;
  message: string;
  details: ErrorDetail[];
  correlationId: string;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'UNAVAILABLE',
};

/** Seconds a client is asked to wait before sending a request again when the database did not answer. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const FIXED_MESSAGES: Record<string, string> = {
  PAYLOAD_TOO_LARGE: 'The request body is larger than the configured limit (BODY_LIMIT)',
  UNSUPPORTED_MEDIA_TYPE: 'The request body must be JSON (Content-Type: application/json)',
};

function statusOf(err: unknown): number | undefined {
  const s = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' ? s : undefined;
}

/**
 * The database could not be reached or dropped the connection (src/common/database-unavailable.ts): a 503 the
 * client can act on, not a fault to report. Whether a write sent just before the connection was lost was
 * committed is unknown, so the answer says how sending it again behaves.
 */
export function databaseUnavailable(reason: string, correlationId: string): ErrorEnvelope {
  return {
    statusCode: 503,
    code: 'DATABASE_UNAVAILABLE',
    message:
      `The database is unavailable; send the request again after ${DATABASE_RETRY_AFTER_SECONDS} seconds ` +
      '(an event sent again is answered DUPLICATE if it was applied)',
    details: [{ field: 'database', reason }],
    correlationId,
  };
}

/**
 * Maps every exception to the envelope. Stack traces and database messages are logged (without request
 * bodies or parameters) and never sent: a 5xx carries only a generic message and the correlation id.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<{ id?: string }>();
    const res = ctx.getResponse();
    const envelope = this.toEnvelope(exception, String(req?.id ?? ''));
    if (envelope.statusCode === 503) {
      // the error's code only (an errno or SQLSTATE): its message can name the server's address
      const cause = (exception as { code?: unknown } | null)?.code;
      this.logger.warn(
        { correlationId: envelope.correlationId, details: envelope.details, ...(typeof cause === 'string' ? { cause } : {}) },
        envelope.code === 'DATABASE_UNAVAILABLE' ? 'Database unavailable' : 'Not ready',
      );
    } else if (envelope.statusCode >= 500) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      // Name, message and stack only: a QueryFailedError's parameters could hold personal data.
      this.logger.error(
        { correlationId: envelope.correlationId, err: { name: err.name, message: err.message, stack: err.stack } },
        'Unhandled error',
      );
    }
    const http = this.adapterHost.httpAdapter;
    if (envelope.statusCode === 401) http.setHeader(res, 'WWW-Authenticate', 'Bearer');
    if (envelope.code === 'DATABASE_UNAVAILABLE') http.setHeader(res, 'Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    http.reply(res, envelope, envelope.statusCode);
  }

  toEnvelope(exception: unknown, correlationId: string): ErrorEnvelope {
    if (exception instanceof AppError) {
      return { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details, correlationId };
    }
    const status = exception instanceof HttpException ? exception.getStatus() : statusOf(exception);
    if (status === 503 && exception instanceof HttpException) return this.unavailable(exception, correlationId);
    if (status === undefined || status >= 500) {
      const reason = databaseUnavailableReason(exception);
      return reason ? databaseUnavailable(reason, correlationId) : this.internal(correlationId);
    }
    const code = CODE_BY_STATUS[status] ?? 'HTTP_ERROR';
    let message = FIXED_MESSAGES[code] ?? (exception instanceof Error ? exception.message : 'Request failed');
    if (exception instanceof HttpException && !FIXED_MESSAGES[code]) {
      const body = exception.getResponse();
      if (typeof body === 'object' && body !== null && 'message' in body) {
        const m = (body as { message: unknown }).message;
        message = Array.isArray(m) ? m.join('; ') : String(m);
      }
    }
    return { statusCode: status, code, message, details: [], correlationId };
  }

  /**
   * 503 on purpose (the readiness check: a dependency did not answer), not a fault: each failing dependency
   * named, with the health indicator's own short message (a timeout, a refused connection).
   */
  private unavailable(exception: HttpException, correlationId: string): ErrorEnvelope {
    const body = exception.getResponse() as { error?: Record<string, { status?: unknown; message?: unknown }> } | string;
    const failing = typeof body === 'object' && body !== null ? Object.entries(body.error ?? {}) : [];
    const details = failing.map(([name, v]) => ({
      field: name,
      reason: typeof v?.message === 'string' ? `is down: ${v.message.slice(0, 200)}` : 'is down',
    }));
    return { statusCode: 503, code: 'UNAVAILABLE', message: 'The service is not ready', details, correlationId };
  }

  private internal(correlationId: string): ErrorEnvelope {
    return {
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'An internal error occurred; quote the correlation id when reporting it',
      details: [],
      correlationId,
    };
  }
}
