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

export interface VersionReplacement {
  table: VersionedTable;
  /** Records whose current rows are replaced. */
  recordIds: string[];
  rows: (Record<string, unknown> & { record_id: string })[];
}

/**
 * Replaces the current version of records' rows in several tables, set-based and in ONE statement (one
 * round trip): per table a data-modifying CTE closes the current rows (system_to = now) and another
 * inserts the new ones (system_from = now). Nothing is deleted, so any past service time can still be
 * read. The closing and the inserting parts touch disjoint rows, so their shared snapshot is harmless.
 */
export async function replaceCurrentVersions(tx: EntityManager, replacements: VersionReplacement[], now: Date): Promise<void> {
  const parts: string[] = [];
  const params: unknown[] = [now];
  for (const r of replacements) {
    if (r.recordIds.length === 0) continue;
    params.push(r.recordIds);
    const ids = `$${params.length}`;
    parts.push(
      `UPDATE ${r.table.name} AS t SET system_to = $1 FROM unnest(${ids}::bigint[]) AS u(id) WHERE t.record_id = u.id AND t.system_to IS NULL`,
    );
    if (r.rows.length === 0) continue;
    params.push(JSON.stringify(r.rows));
    const names = Object.keys(r.table.columns);
    const defs = names.map((n) => `${n} ${r.table.columns[n]}`).join(', ');
    parts.push(
      `INSERT INTO ${r.table.name} (record_id, ${names.join(', ')}, system_from)
       SELECT x.record_id, ${names.map((n) => `x.${n}`).join(', ')}, $1
         FROM jsonb_to_recordset($${params.length}::jsonb) AS x(record_id bigint, ${defs})`,
    );
  }
  if (parts.length === 0) return;
  const ctes = parts.slice(0, -1).map((sql, i) => `w${i} AS (${sql})`);
  const head = ctes.length > 0 ? `WITH ${ctes.join(', ')} ` : '';
  await tx.query(head + parts[parts.length - 1], params);
}
