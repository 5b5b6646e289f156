import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorDetail } from './app-error';
import type { ErrorEnvelope } from './all-exceptions.filter';
import { readJsonBytes } from './json-bytes';
import { newRequestId } from './logging';
import { MalformedBody } from './malformed-body';

/** Longest path parameter the router takes (Fastify's default, 100): longer is a 414 in the envelope. */
const MAX_PARAM_LENGTH = 100;

function envelope(statusCode: number, code: string, message: string, details: ErrorDetail[], correlationId: string): ErrorEnvelope {
  return { statusCode, code, message, details, correlationId };
}

/** Answers a request Fastify holds, before any route, with the error envelope naming one field and why. */
function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  statusCode: number,
  code: string,
  message: string,
  detail: ErrorDetail,
  headers: Record<string, string> = {},
): void {
  void reply
    .headers(headers)
    .code(statusCode)
    .send(envelope(statusCode, code, message, [detail], request.id));
}

/**
 * Errors Fastify answers before a route (and so Nest's filter) is reached, in the same envelope as every
 * other error: a path that is not percent-encoded UTF-8, a path parameter over the router's limit. The path
 * itself is not echoed (it can hold a referral reference).
 */
function frameworkError(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    refuse(request, reply, 414, 'URI_TOO_LONG', 'A path parameter is too long', {
      field: 'path',
      reason: `a path parameter is longer than ${MAX_PARAM_LENGTH} characters`,
    });
  else refuse(request, reply, 400, 'BAD_REQUEST', 'The URL is not valid', { field: 'path', reason: 'is not valid percent-encoded UTF-8' });
}

/**
 * A request Node's HTTP parser refuses (a malformed Content-Length, Content-Length with chunked encoding,
 * headers too large): answered in the envelope when the socket can still take it, then closed.
 */
function clientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const body = JSON.stringify(
    tooLarge
      ? envelope(
          431,
          'HEADERS_TOO_LARGE',
          'The request headers (or the URL) are too large',
          [{ field: 'headers', reason: 'are larger than the server takes' }],
          randomUUID(),
        )
      : envelope(
          400,
          'BAD_REQUEST',
          'The HTTP request is malformed',
          [{ field: 'request', reason: `is not valid HTTP/1.1 (${error.code ?? 'parse error'})` }],
          randomUUID(),
        ),
  );
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(
    `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * An `Expect` other than `100-continue` (RFC 9110 §10.1.1): a 417 in the envelope. Node answered it with an
 * empty 417 of its own; a `100-continue` is still answered by Node with 100 Continue.
 */
function expectationFailed(req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify(
    envelope(
      417,
      'EXPECTATION_FAILED',
      'The request expects what the server does not do',
      [{ field: 'expect', reason: 'is not supported: only 100-continue is' }],
      newRequestId(req),
    ),
  );
  res.writeHead(417, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

/**
 * An HTTP/1.1 request without `Host` (RFC 9112 §3.2): a 400 in the envelope naming the header. Node refused it
 * with an empty 400 of its own (`requireHostHeader`, turned off so that the answer is ours).
 */
function hostMissing(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.raw.httpVersion !== '1.1' || request.headers.host !== undefined) return false;
  refuse(
    request,
    reply,
    400,
    'BAD_REQUEST',
    'The HTTP request is malformed',
    { field: 'host', reason: 'is required in an HTTP/1.1 request' },
    { connection: 'close' },
  );
  return true;
}

/** The methods a 405 names, in the order its Allow header lists them: those Nest's route decorators register. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Whether a route takes `method` on the URL, as Fastify's router matches it (the same decoding and parameter
 * rules); a match with an empty parameter does not count, since Nest sends it to the not-found handler.
 */
function routeTakes(fastify: FastifyInstance, method: string, url: string): boolean {
  const route = fastify.findRoute({ method, url });
  return route !== null && Object.entries(route.params ?? {}).every(([name, value]) => value !== '' || name === '*');
}

/**
 * A request no route takes (Fastify's not-found handler, `is404`) on a path that routes take under other methods:
 * 405 in the envelope with the Allow header (RFC 9110 §15.5.6). A path no route takes under any method stays a 404
 * (Nest's not-found handler), and so does a target that is not a path (`OPTIONS *`), which Nest never routes.
 * OPTIONS is a method like the others: no route takes it, so it is a 405 whose Allow header answers what OPTIONS
 * asks. The path is not echoed (it can hold a referral reference). Answers true when it replied.
 */
function methodNotAllowed(fastify: FastifyInstance, request: FastifyRequest, reply: FastifyReply): boolean {
  if (!request.is404 || !request.url.startsWith('/')) return false;
  const allowed = METHODS.filter((method) => method !== request.method && routeTakes(fastify, method, request.url));
  if (allowed.length === 0) return false;
  refuse(
    request,
    reply,
    405,
    'METHOD_NOT_ALLOWED',
    `This path does not take ${request.method}`,
    { field: 'method', reason: `must be one of ${allowed.join(', ')}` },
    { allow: allowed.join(', ') },
  );
  return true;
}

/** The body's place when it does not parse: answered as this 400 after the auth guard (throwIfMalformed, in AuthGuard). */
function malformed(reason: string): MalformedBody {
  return new MalformedBody(new AppError(400, 'MALFORMED_JSON', 'The request body is not valid JSON', [{ field: 'body', reason }]));
}

/** The JSON body parser (readJsonBytes): every failure is a 400 MALFORMED_JSON saying which, answered after the auth guard. */
function parseJsonBody(_request: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void): void {
  const read = readJsonBytes(body);
  done(null, read.ok ? read.value : malformed(read.reason));
}

/**
 * Fastify (measured about 4x Express's throughput here: docs/decisions.md). Bodies are JSON only, up to
 * the configured limit, valid UTF-8 (parseJsonBody): Fastify answers 413 past the limit and 415 for any
 * other content type (its text/plain parser is removed), and a compressed body (any Content-Encoding but identity) is a 415 too; the errors
 * reach the global filter through Nest's error handler. The request id (`x-request-id` when well-formed,
 * else a UUID) is Fastify's request id, on the raw request for pino-http, and echoed on the response.
 */
export function createHttpAdapter(bodyLimitBytes: number): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: bodyLimitBytes,
    genReqId: (req: IncomingMessage) => newRequestId(req),
    requestIdHeader: false,
    logger: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkError,
    clientErrorHandler: clientError,
    http: { requireHostHeader: false },
  });
  const fastify = adapter.getInstance();
  fastify.server.on('checkExpectation', expectationFailed);
  fastify.removeContentTypeParser(['text/plain', 'application/json']);
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, parseJsonBody);
  fastify.addHook('onRequest', (request, reply, done) => {
    (request.raw as IncomingMessage & { id?: string }).id = request.id;
    reply.header('x-request-id', request.id);
    if (hostMissing(request, reply) || methodNotAllowed(fastify, request, reply)) return;
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      refuse(request, reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be sent uncompressed', {
        field: 'content-encoding',
        reason: 'is not supported: send the body without a Content-Encoding',
      });
      return;
    }
    done();
  });
  return adapter;
}
