import { AppError, type ErrorDetail } from '../../common/app-error';
import type { ErrorEnvelope } from '../../common/all-exceptions.filter';
import { readJsonBytes } from '../../common/json-bytes';

/** What the consumer reads of an AMQP message (amqplib's `ConsumeMessage`, narrowed). */
export interface BrokerMessageIn {
  content: Buffer;
  properties: { contentType?: unknown; contentEncoding?: unknown; headers?: Record<string, unknown> };
}

export interface ReadBrokerMessage {
  /** The `authorization` header: `Bearer <jwt>`, as on HTTP. */
  authorization: unknown;
  body: unknown;
  /** `{ "events": [...] }`, as `POST /v1/events/batch`; otherwise one event, as `POST /v1/events`. */
  batch: boolean;
}

/**
 * A message of the events queue, read as an HTTP request to the events API is: JSON only (a content type, if
 * given, must be application/json; no content encoding), at most BODY_LIMIT bytes, UTF-8, no prototype keys.
 * Throws the AppError the same request would get over HTTP (413, 415, 400 MALFORMED_JSON).
 */
export function readBrokerMessage(msg: BrokerMessageIn, bodyLimitBytes: number): ReadBrokerMessage {
  const { contentType, contentEncoding, headers } = msg.properties;
  if (contentType !== undefined && !/^application\/json\s*(;|$)/i.test(String(contentType))) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The message must be JSON (content_type application/json)', [
      { field: 'content_type', reason: 'must be application/json' },
    ]);
  }
  if (contentEncoding !== undefined && !/^identity$/i.test(String(contentEncoding))) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The message must not be encoded (compressed)', [
      { field: 'content_encoding', reason: 'must be absent or identity' },
    ]);
  }
  if (msg.content.length > bodyLimitBytes) {
    throw new AppError(413, 'PAYLOAD_TOO_LARGE', 'The message is larger than the configured limit (BODY_LIMIT)', [
      { field: 'body', reason: `is ${msg.content.length} bytes, more than ${bodyLimitBytes}` },
    ]);
  }
  const read = readJsonBytes(msg.content);
  if (!read.ok) throw new AppError(400, 'MALFORMED_JSON', 'The message body is not valid JSON', [{ field: 'body', reason: read.reason }]);
  const body = read.value;
  const batch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'events' in body;
  return { authorization: headers?.authorization, body, batch };
}

/** The event ids a message names (for its dead letter, which holds no event content): at most 1,000. */
export function eventIdsOf(content: Buffer): string[] {
  const read = readJsonBytes(content);
  if (!read.ok || typeof read.value !== 'object' || read.value === null) return [];
  const value = read.value as { eventId?: unknown; events?: unknown };
  const items: unknown[] = Array.isArray(value.events) ? value.events : [value];
  return items
    .map((e) => (e as { eventId?: unknown } | null)?.eventId)
    .filter((id): id is string => typeof id === 'string' && id.length >= 1 && id.length <= 128)
    .slice(0, 1000);
}

/** The HTTP error envelope, for a refused message (its dead letter, and the reply when one is asked for). */
export function refusalEnvelope(err: AppError, correlationId: string): ErrorEnvelope {
  const details: ErrorDetail[] = err.details;
  return { statusCode: err.status, code: err.code, message: err.message, details, correlationId };
}
