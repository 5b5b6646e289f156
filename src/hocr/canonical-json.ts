// Deterministic JSON for content hashing (SPEC §4 idempotency: same eventId + same content is a
// duplicate, different content is a 409). Object keys are sorted recursively so the hash does not
// depend on the order a sender wrote its fields.
import { parseIsoDateTime } from './iso';

/** JSON.stringify semantics (undefined/function members skipped, toJSON honoured) with sorted keys. */
export function canonicalJson(value: unknown): string {
  const out = serialise(value, false);
  if (out === undefined) throw new TypeError('value has no JSON representation');
  return out;
}

/** JSON.stringify of a key, kept: events repeat the same few dozen keys (bounded, cleared when full). */
const quotedKeys = new Map<string, string>();
function quoted(key: string): string {
  let q = quotedKeys.get(key);
  if (q === undefined) {
    if (quotedKeys.size >= 10_000) quotedKeys.clear();
    quotedKeys.set(key, (q = JSON.stringify(key)));
  }
  return q;
}

function serialise(value: unknown, inArray: boolean): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'bigint':
      throw new TypeError('BigInt has no JSON representation');
    case 'undefined':
    case 'function':
    case 'symbol':
      return inArray ? 'null' : undefined;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + serialise(value[i], true);
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of Object.keys(obj).sort()) {
    const member = serialise(obj[key], false);
    if (member === undefined) continue;
    out += (first ? '' : ',') + quoted(key) + ':' + member;
    first = false;
  }
  return out + '}';
}

/** The envelope's instants (SPEC §4): a date-time among them is compared as the instant it names. */
const INSTANT_FIELDS = ['occurredAt', 'receivedAt', 'recordedAt'] as const;

/**
 * Whether two events with one eventId carry the same content (SPEC §4: a duplicate, not a 409): their
 * canonical JSON, with each date-time in `occurredAt`, `receivedAt` and `recordedAt` read as the instant it
 * names (to the millisecond, as the service keeps instants). So `10:00:00Z`, `10:00:00.000Z` and
 * `11:00:00+01:00` are one content, a sender's serializer may write either on a retry; a date alone
 * (`2024-06-03`) is not the same as a date-time, since it means the whole London day (decisions.md HOCR 29).
 */
export function sameEventContent(a: object, b: object): boolean {
  return canonicalJson(instantsRead(a)) === canonicalJson(instantsRead(b));
}

function instantsRead(event: object): object {
  const out: Record<string, unknown> = { ...event };
  for (const field of INSTANT_FIELDS) {
    const value = out[field];
    const ms = typeof value === 'string' ? parseIsoDateTime(value) : null;
    if (ms !== null) out[field] = new Date(ms).toISOString();
  }
  return out;
}
