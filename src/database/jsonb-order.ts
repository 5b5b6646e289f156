/**
 * jsonb's order of object keys. PostgreSQL's `jsonb_in` sorts each object's keys into this order (shorter keys
 * first, then by their bytes), and its sort first checks whether they are in order already. The write path's
 * `jsonb` parameters are large (every event, record, history row a batch writes), and sorting their keys was
 * ~9 % of the server's time on bulk ingest (docs/benchmarks.md, "Fifth round"). So the objects the writer
 * builds for them (src/records/record-writer.ts: events rows, records rows and their facts, history rows) are
 * written with their keys in this order, which costs nothing in the service. The value is the same either
 * way: jsonb keeps one order whatever the input's, so nothing stored, hashed or answered depends on it.
 * What still arrives unsorted: event bodies (in the order validation builds them) and findings rows (their
 * key order is part of their version hash).
 */

/** jsonb's order of two keys. For ASCII keys (all the service's), length and UTF-16 order are jsonb's bytes. */
export const byJsonbKeyOrder = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/**
 * The first object in `value` (depth first) whose keys are not in jsonb's order, as a path with its keys, or
 * null when all are; `skip` names keys whose values are not looked into. For tests of the builders.
 */
export function outOfJsonbOrder(value: unknown, skip: ReadonlySet<string> = new Set(), path = '$'): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = outOfJsonbOrder(value[i], skip, `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++) {
    if (byJsonbKeyOrder(keys[i - 1], keys[i]) > 0) return `${path}: ${keys.join(', ')}`;
  }
  for (const k of keys) {
    if (skip.has(k)) continue;
    const found = outOfJsonbOrder((value as Record<string, unknown>)[k], skip, `${path}.${k}`);
    if (found) return found;
  }
  return null;
}
