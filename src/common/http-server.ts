import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { newRequestId } from './logging';

/**
 * Fastify (measured about 4x Express's throughput here: docs/decisions.md). Bodies are JSON only, up to
 * the configured limit: Fastify answers 413 past it and 415 for any other content type (its text/plain
 * parser is removed); the errors reach the global filter through Nest's error handler. The request id
 * (`x-request-id` when well-formed, else a UUID) is Fastify's request id, on the raw request for
 * pino-http, and echoed on the response.
 */
export function createHttpAdapter(bodyLimitBytes: number): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: bodyLimitBytes,
    genReqId: (req: IncomingMessage) => newRequestId(req),
    requestIdHeader: false,
    logger: false,
  });
  const fastify = adapter.getInstance();
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', (request, reply, done) => {
    (request.raw as IncomingMessage & { id?: string }).id = request.id;
    reply.header('x-request-id', request.id);
    done();
  });
  return adapter;
}
