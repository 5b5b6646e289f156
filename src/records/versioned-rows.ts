import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** A bitemporal child table of records (classification_history, findings): typed columns for jsonb_to_recordset. */
export interface VersionedTable {
  name: string;
  /** Column name → SQL type, excluding record_id, system_from and system_to. */
  columns: Record<string, string>;
}

/** A stable digest of a record's rows for one table: equal rows, equal hash, so unchanged sets are not rewritten. */
export function rowsHash(rows: readonly object[]): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('base64url');
}

/**
 * Replaces the current version of the given records' rows, set-based: one UPDATE closes the current rows
 * (system_to = now) and one INSERT writes the new ones (system_from = now). Nothing is deleted, so any
 * past service time can still be read.
 */
export async function replaceCurrentVersion(
  tx: EntityManager,
  table: VersionedTable,
  recordIds: string[],
  rows: (Record<string, unknown> & { record_id: string })[],
  now: Date,
): Promise<void> {
  if (recordIds.length === 0) return;
  await tx.query(`UPDATE ${table.name} SET system_to = $2 WHERE record_id = ANY($1::bigint[]) AND system_to IS NULL`, [recordIds, now]);
  if (rows.length === 0) return;
  const names = Object.keys(table.columns);
  const defs = names.map((n) => `${n} ${table.columns[n]}`).join(', ');
  await tx.query(
    `INSERT INTO ${table.name} (record_id, ${names.join(', ')}, system_from)
     SELECT x.record_id, ${names.map((n) => `x.${n}`).join(', ')}, $2
       FROM jsonb_to_recordset($1::jsonb) AS x(record_id bigint, ${defs})`,
    [JSON.stringify(rows), now],
  );
}
