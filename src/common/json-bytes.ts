import { isUtf8 } from 'node:buffer';
import secureJson from 'secure-json-parse';

export type JsonBytes = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * JSON from bytes (RFC 8259: UTF-8), for every way events come in (the HTTP body parser, the broker consumer).
 * The bytes are checked to be UTF-8 first (`isUtf8`, native): decoding them as they are read would turn an
 * invalid sequence into U+FFFD and store it as if sent. Then parsed as Fastify does (secure-json-parse: a
 * `__proto__` or `constructor.prototype` key is refused, not stripped). `reason` completes "The body …".
 */
export function readJsonBytes(bytes: Buffer): JsonBytes {
  if (bytes.length === 0) return { ok: false, reason: 'is empty' };
  if (!isUtf8(bytes)) return { ok: false, reason: 'is not valid UTF-8' };
  try {
    return { ok: true, value: secureJson.parse(bytes.toString('utf8'), undefined, { protoAction: 'error', constructorAction: 'error' }) };
  } catch (err) {
    const forbidden = /forbidden prototype property/.test((err as Error).message);
    return { ok: false, reason: forbidden ? 'has a __proto__ or constructor.prototype key, which is refused' : 'does not parse as JSON' };
  }
}
