// Deterministic JSON for content hashing (SPEC §4 idempotency: same eventId + same content is a
// duplicate, different content is a 409). Object keys are sorted recursively so the hash does not
// depend on the order a sender wrote its fields.

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
