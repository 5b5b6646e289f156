import { parseAcceptedInstant } from '../hocr/iso';
import { ValidationFailedError } from './app-error';

/**
 * The keyset cursors every list issues: base64url of parts joined by '|'. A cursor is opaque to clients, so
 * one the service did not issue is refused with the same 400 whatever is wrong with it; each part is checked
 * against the exact shape the service writes before it reaches SQL (a forged part was a 500 there).
 */

export type CursorPart = 'id' | 'instant' | 'uuid' | `${string}:id`;

/** A bigint row id as PostgreSQL prints it (identity columns start at 1). */
const ID = /^[1-9]\d{0,17}$/;
/** `to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`: microseconds, which a Date would truncate. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** A UUID as PostgreSQL prints it: 8-4-4-4-12 lower-case hex. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function cursorRefused(): ValidationFailedError {
  return new ValidationFailedError([{ field: 'cursor', reason: 'is not a cursor this service issued' }]);
}

export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(parts.join('|')).toString('base64url');
}

function partOk(kind: CursorPart, value: string): boolean {
  if (kind === 'instant') return INSTANT.test(value) && parseAcceptedInstant(value) !== null;
  if (kind === 'uuid') return UUID.test(value);
  if (kind === 'id') return ID.test(value);
  const prefix = kind.slice(0, -2); // 'f:id' -> 'f:'
  return value.startsWith(prefix) && ID.test(value.slice(prefix.length));
}

/**
 * The parts of a cursor of exactly the given shape (one kind per position), as strings ready for SQL (a
 * prefixed id without its prefix); else throws the 400 naming `cursor`.
 */
export function decodeCursor(cursor: string, shape: readonly CursorPart[]): string[] {
  // Node's base64url decoder skips characters outside the alphabet: only the canonical encoding is ours.
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.toString('base64url') !== cursor) throw cursorRefused();
  const parts = raw.toString('utf8').split('|');
  if (parts.length !== shape.length || !parts.every((p, i) => partOk(shape[i], p))) throw cursorRefused();
  return parts.map((p, i) => (shape[i].endsWith(':id') ? p.slice(shape[i].length - 2) : p));
}
