import { encodeCursor } from '../common/cursors';
import type { Queryable } from '../returns/return-query';

/** What each check on the worklist asks the crime bureau to do. */
export const WORKLIST_ACTIONS: Record<string, { action: string; what: string }> = {
  'MS-05': { action: 'RECORD_CRIME', what: 'Record the crime (police referral, direct report or police DtN) and send its CRN' },
  'MS-04': { action: 'RECORD_CRIME', what: 'Record the crime after the positive RG decision and send its CRN' },
  'MS-09': { action: 'RECORD_REFERRAL', what: 'Record the referral: a decision or transfer arrived without it' },
  'MS-03': { action: 'CHASE_RG', what: 'Chase the competent authority for the reasonable grounds decision' },
  'MS-10': { action: 'DETERMINE_LOCATION', what: 'Determine where the criminality took place' },
};

/**
 * The crime bureau's next actions, soonest due first: every unresolved finding of an action check in the
 * current version, including those not yet due (they show `overdue: false`), so work is done before it
 * becomes a breach. Keyset-paginated on (due_at, id).
 */
export async function worklist(db: Queryable, force: string, now: Date, limit: number, after?: { dueAt: string; id: string }) {
  const rows = (await db.query(
    `SELECT f.id, f.check_id, f.referral_ref, f.due_at, f.evidence,
            to_char(f.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at,
            r.code, r.crime_reference
       FROM findings f JOIN records r ON r.id = f.record_id
      WHERE f.force = $1 AND f.system_to IS NULL AND f.resolved_at IS NULL AND f.check_id = ANY($2::text[])
        AND ($4::timestamptz IS NULL OR (f.due_at, f.id) > ($4::timestamptz, $5::bigint))
      ORDER BY f.due_at, f.id LIMIT $3`,
    [force, Object.keys(WORKLIST_ACTIONS), limit + 1, after?.dueAt ?? null, after?.id ?? '0'],
  )) as {
    id: string;
    check_id: string;
    referral_ref: string;
    due_at: Date;
    evidence: string[];
    cursor_at: string;
    code: string | null;
    crime_reference: string | null;
  }[];
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    force,
    asAt: now.toISOString(),
    items: page.map((r) => ({
      action: WORKLIST_ACTIONS[r.check_id].action,
      what: WORKLIST_ACTIONS[r.check_id].what,
      check: r.check_id,
      referralRef: r.referral_ref,
      code: r.code,
      crimeReference: r.crime_reference,
      dueAt: new Date(r.due_at).toISOString(),
      overdue: new Date(r.due_at) <= now,
      evidence: r.evidence,
    })),
    nextCursor: more ? encodeCursor([last.cursor_at, String(last.id)]) : null,
  };
}
