import { CODE_TITLES, type HocrCode } from '../../hocr/codes';
import type { Queryable } from '../../returns/return-query';
import type { ClassificationChange } from './list-changes.query';

interface ChangeRow {
  id: string;
  force: string;
  referral_ref: string;
  from_status: string | null;
  from_code: string | null;
  to_status: string;
  to_code: string | null;
  rule: string;
  reason: string;
  caused_by_event_id: string;
  valid_from: Date;
  learned_at: Date;
}

/** The records touched in the window: one force's (`$5`, by its index) or every force's. */
const touched = (oneForce: boolean) => `
  SELECT DISTINCT h.record_id FROM classification_history h
   WHERE ${oneForce ? 'h.force = $5 AND ' : ''}h.valid_to IS NULL AND h.system_from > $1::timestamptz AND h.system_from <= $2::timestamptz
     AND h.record_id > $3::bigint
   ORDER BY h.record_id LIMIT $4`;

/** The record's history row current in the world as at a service time (the classification a return counts then). */
const asAt = (t: string, columns: string) => `
  SELECT ${columns} FROM classification_history x
   WHERE x.record_id = t.record_id AND x.valid_to IS NULL AND x.system_from <= ${t}::timestamptz
     AND (x.system_to IS NULL OR x.system_to > ${t}::timestamptz)
   LIMIT 1`;

/** A change with the record's force and (for paging only, never sent) its row id. */
export type RecordChange = ClassificationChange & { force: string; id: string };

/**
 * One chunk of the window (`since`, `until`] of service time: the records (after record id `after`, in id order,
 * at most `limit`) whose history gained a version in it, each as at both ends. `examined` is the last record id
 * read, listed or not; a chunk shorter than `limit` ends the window.
 */
export async function changesChunk(
  db: Queryable,
  force: string | null,
  window: { since: string; until: string },
  after: string,
  limit: number,
): Promise<{ changes: RecordChange[]; examined: string | null; ended: boolean }> {
  const rows = (await db.query(
    `WITH touched AS (${touched(force !== null)})
     SELECT t.record_id::text AS id, r.force, r.referral_ref, b.status AS from_status, b.code AS from_code,
            a.status AS to_status, a.code AS to_code, a.rule, a.reason, a.caused_by_event_id, a.valid_from, a.system_from AS learned_at
       FROM touched t
       JOIN records r ON r.id = t.record_id
       LEFT JOIN LATERAL (${asAt('$1', 'x.status, x.code')}) b ON true
       JOIN LATERAL (${asAt('$2', 'x.status, x.code, x.rule, x.reason, x.caused_by_event_id, x.valid_from, x.system_from')}) a ON true
      ORDER BY t.record_id`,
    [window.since, window.until, after, limit, ...(force === null ? [] : [force])],
  )) as ChangeRow[];
  return {
    changes: rows.filter((r) => r.from_status !== r.to_status || r.from_code !== r.to_code).map(changeOf),
    examined: rows.length > 0 ? rows[rows.length - 1].id : null,
    ended: rows.length < limit,
  };
}

function changeOf(r: ChangeRow): RecordChange {
  return {
    id: r.id,
    force: r.force,
    referralRef: r.referral_ref,
    from: r.from_status === null ? null : { status: r.from_status, code: r.from_code },
    to: {
      status: r.to_status,
      code: r.to_code,
      title: r.to_code === null ? null : (CODE_TITLES[r.to_code as HocrCode] ?? null),
      rule: r.rule,
      reason: r.reason,
      causedBy: r.caused_by_event_id,
      validFrom: new Date(r.valid_from).toISOString(),
    },
    learnedAt: new Date(r.learned_at).toISOString(),
  };
}
