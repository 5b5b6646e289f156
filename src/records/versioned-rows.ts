import { createHash } from 'node:crypto';

/**
 * A stable digest of a record's rows for one bitemporal table (classification_history, findings): equal
 * rows, equal hash, so a set that did not change is not closed and rewritten (`n200_write_records`).
 */
export function rowsHash(rows: readonly object[]): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('base64url');
}
