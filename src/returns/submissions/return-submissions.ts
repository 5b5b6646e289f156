import { createHash } from 'node:crypto';
import { NotFoundError } from '../../common/app-error';
import { UUID_PATTERN } from '../../common/wire-values';
import { canonicalJson } from '../../hocr/canonical-json';
import { HOCR_CODES, type HocrCode } from '../../hocr/codes';
import { periodOfKind, type PeriodKind } from '../../hocr/period';
import type { HocrEvent } from '../../hocr/event-types';
import { financialQuarter, financialYear } from '../../hocr/time';
import { contributingForces, foldsInto } from '../../hocr/transfers';
import type { ReturnDocument, ReturnRow } from '../return-document';
import { computeReturn, type Queryable } from '../return-query';

export interface SubmissionRow {
  id: string;
  force: string;
  period: string;
  as_at: Date;
  content: ReturnDocument;
  content_hash: string;
  submitted_by: string;
  submitted_at: Date;
}

export function submissionView(r: SubmissionRow, withContent: boolean) {
  return {
    id: r.id,
    force: r.force,
    period: r.period,
    // '2011-12' is FY 2011-12 or December 2011: the kind says which (src/hocr/period.ts)
    periodKind: r.content.period.kind,
    asAt: new Date(r.as_at).toISOString(),
    contentHash: r.content_hash,
    submittedBy: r.submitted_by,
    submittedAt: new Date(r.submitted_at).toISOString(),
    ...(withContent ? { return: r.content } : {}),
  };
}

/** Freezes the return as at now: stored whole with a SHA-256 of its canonical JSON, never changed. */
export async function submitReturn(db: Queryable, force: string, period: string, submittedBy: string, now: Date) {
  const doc = await computeReturn(db, { force, period, asAt: now });
  const hash = createHash('sha256').update(canonicalJson(doc)).digest('hex');
  const [row] = (await db.query(
    `INSERT INTO return_submissions (force, period, as_at, content, content_hash, submitted_by, submitted_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $3) RETURNING *`,
    [force, doc.period.label, now, JSON.stringify(doc), hash, submittedBy],
  )) as SubmissionRow[];
  return submissionView(row, true);
}

export async function getSubmission(db: Queryable, id: string): Promise<SubmissionRow> {
  const rows = UUID_PATTERN.test(id) ? ((await db.query('SELECT * FROM return_submissions WHERE id = $1', [id])) as SubmissionRow[]) : [];
  if (!rows[0]) throw new NotFoundError(`No submitted return ${id}`);
  return rows[0];
}

/** A financial quarter as the return's rows name it: '2024/25 Q2', from its first date (Jan/Apr/Jul/Oct 1st). */
function quarterLabel(quarterStart: string | null): string | null {
  return quarterStart === null ? null : `${financialYear(quarterStart).replace('-', '/')} Q${financialQuarter(quarterStart)}`;
}

interface MovedRow {
  id: string;
  force: string;
  referral_ref: string;
  then_code: HocrCode | null;
  now_code: HocrCode | null;
  then_quarter: string | null;
  now_quarter: string | null;
}

interface EventOfReferral {
  referral_ref: string;
  event_id: string;
  type: HocrEvent['type'];
  force: string;
  to_force: string | null;
  occurred_at: string;
  stored_at: Date;
}

/**
 * The events stored after `since` that fold into each moved record: its own, and the referral events of the
 * forces that transferred the referral to it (src/records/refold.ts), never another force's unrelated record
 * of the same reference, nor a sending force's own crime or cancellation.
 */
async function eventsSince(db: Queryable, moved: readonly MovedRow[], since: Date): Promise<Map<string, unknown[]>> {
  const refs = [...new Set(moved.map((m) => m.referral_ref))];
  const rows =
    refs.length === 0
      ? []
      : ((await db.query(
          `SELECT referral_ref, event_id, type, force, body->>'toForce' AS to_force, body->>'occurredAt' AS occurred_at, stored_at
             FROM events WHERE referral_ref = ANY($1::text[]) ORDER BY seq`,
          [refs],
        )) as EventOfReferral[]);
  const byRef = new Map<string, EventOfReferral[]>();
  for (const e of rows) byRef.set(e.referral_ref, [...(byRef.get(e.referral_ref) ?? []), e]);
  const out = new Map<string, unknown[]>();
  for (const m of moved) {
    const events = byRef.get(m.referral_ref) ?? [];
    const transfers = events
      .filter((e) => e.type === 'TRANSFERRED' && e.to_force !== null)
      .map((e) => ({ from: e.force, to: e.to_force! }));
    const contributors = contributingForces(m.force, transfers);
    out.set(
      m.id,
      events
        .filter((e) => new Date(e.stored_at) > since && foldsInto(m.force, contributors, e.force, e.type))
        .map((e) => ({ eventId: e.event_id, type: e.type, occurredAt: e.occurred_at, storedAt: new Date(e.stored_at).toISOString() })),
    );
  }
  return out;
}

/** The return's rows whose count changed, as submitted and now (the same layout: SPEC §7 columns). */
function changedRows(submitted: readonly ReturnRow[], now: readonly ReturnRow[]) {
  const key = (r: ReturnRow) => `${r.forceCode}|${r.financialYear}|${r.financialQuarter}|${r.offenceCode}`;
  const before = new Map(submitted.map((r) => [key(r), r.numberOfOffences]));
  return now
    .filter((r) => (before.get(key(r)) ?? 0) !== r.numberOfOffences)
    .map((r) => ({
      forceCode: r.forceCode,
      financialYear: r.financialYear,
      financialQuarter: r.financialQuarter,
      offenceCode: r.offenceCode,
      submitted: before.get(key(r)) ?? 0,
      now: r.numberOfOffences,
      difference: r.numberOfOffences - (before.get(key(r)) ?? 0),
    }));
}

/**
 * What changed since a submission (SPEC §7): per code the submitted count, the count now and the
 * difference; the rows of the return (force, quarter, code) whose count changed; and each record counted
 * under another code or in another quarter between the two service times (including records that entered
 * or left the return), with the events stored since the submission that fold into it.
 */
export async function submissionRevisions(db: Queryable, id: string, asAt: Date) {
  const s = await getSubmission(db, id);
  // The stored label with the kind the frozen return recorded: FY 2011-12's label is also December 2011's.
  const period = periodOfKind(s.content.period.kind as PeriodKind, s.period);
  const now = await computeReturn(db, { force: s.force, period, asAt });
  const moved = (await db.query(
    `WITH counted AS (
       SELECT h.record_id, h.code, date_trunc('quarter', h.received_date)::date::text AS quarter_start, (h.system_to IS NULL) AS is_now,
              (h.system_from <= $4 AND (h.system_to IS NULL OR h.system_to > $4)) AS is_then
         FROM classification_history h
        WHERE h.valid_to IS NULL AND h.status = 'OPEN' AND h.code IS NOT NULL
          AND h.received_date >= $1::date AND h.received_date < $2::date
          AND ($3::text = 'ALL' OR h.force = $3::text)
          AND (h.system_to IS NULL OR (h.system_from <= $4 AND h.system_to > $4))
     ), diff AS (
       SELECT record_id,
              max(code) FILTER (WHERE is_then) AS then_code, max(quarter_start) FILTER (WHERE is_then) AS then_quarter,
              max(code) FILTER (WHERE is_now) AS now_code, max(quarter_start) FILTER (WHERE is_now) AS now_quarter
         FROM counted GROUP BY record_id
     )
     SELECT r.id, r.force, r.referral_ref, d.then_code, d.now_code, d.then_quarter, d.now_quarter
       FROM diff d JOIN records r ON r.id = d.record_id
      WHERE d.then_code IS DISTINCT FROM d.now_code OR d.then_quarter IS DISTINCT FROM d.now_quarter
      ORDER BY r.force, r.referral_ref`,
    [period.fromDate, period.toDate, s.force, s.as_at],
  )) as MovedRow[];
  const events = await eventsSince(db, moved, s.as_at);
  const submitted = s.content.byCode;
  return {
    submission: submissionView(s, false),
    asAt: now.asAt,
    codes: HOCR_CODES.map((code) => ({
      code,
      submitted: submitted[code],
      now: now.byCode[code],
      difference: now.byCode[code] - submitted[code],
    })),
    totals: {
      reportedIncidents: { submitted: s.content.totals.reportedIncidents, now: now.totals.reportedIncidents },
      notifiableCrimes: { submitted: s.content.totals.notifiableCrimes, now: now.totals.notifiableCrimes },
    },
    rows: changedRows(s.content.rows, now.rows),
    movedRecords: moved.map((m) => ({
      force: m.force,
      referralRef: m.referral_ref,
      from: m.then_code,
      to: m.now_code,
      fromQuarter: quarterLabel(m.then_quarter),
      toQuarter: quarterLabel(m.now_quarter),
      events: events.get(m.id) ?? [],
    })),
  };
}
