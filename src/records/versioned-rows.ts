import { hash } from 'node:crypto';

/**
 * A stable digest of a record's rows for one bitemporal table (classification_history, findings): equal
 * rows, equal hash, so a set that did not change is not closed and rewritten (`n200_write_records`).
 */
export function rowsHash(rows: readonly object[]): string {
  return hash('sha256', JSON.stringify(rows), 'base64url'); // one-shot: no Hash object per record
}
