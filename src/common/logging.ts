import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/env';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The correlation id: `x-request-id` when well-formed, else a new UUID. */
export function newRequestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Keys whose values never reach a log line, wherever they appear. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
];

/** The levels at which request lines (info) are written. */
const REQUEST_LINE_LEVELS: ReadonlySet<AppConfig['logLevel']> = new Set(['info', 'debug', 'trace']);

/**
 * Request logs: JSON by default, pretty in development; never a request or response body (victims are
 * special-category data); the correlation id taken from `x-request-id` (when well-formed) or made, and
 * returned on the response. Health probes are not logged.
 */
export function pinoParams(config: AppConfig): Params {
  return {
    // nestjs-pino's default route, '{/*splat}', matches no request on the Fastify adapter (@fastify/middie):
    // no request was logged at all until this was set (a process test now reads the lines). The request lines
    // are at info: above it (LOG_LEVEL=warn, as the benchmarks run) the middleware is not installed, since it
    // cost single events about a sixth of their throughput for lines never written (docs/benchmarks.md).
    forRoutes: REQUEST_LINE_LEVELS.has(config.logLevel) ? [{ path: '{*splat}', method: RequestMethod.ALL }] : [],
    pinoHttp: {
      level: config.logLevel,
      transport: config.nodeEnv === 'development' ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // The id Fastify assigned (see http-server.ts); pino-http reads req.id when it is set.
      genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? newRequestId(req),
      autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
      serializers: {
        req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customProps: (req: IncomingMessage) => ({ correlationId: (req as IncomingMessage & { id?: string }).id }),
    },
  };
}
