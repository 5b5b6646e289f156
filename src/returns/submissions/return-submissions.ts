import { createHash } from 'node:crypto';
import { NotFoundError } from '../../common/app-error';
import { UUID_PATTERN } from '../../common/wire-values';
import { canonicalJson } from '../../hocr/canonical-json';
import { HOCR_CODES, type HocrCode } from '../../hocr/codes';
import { periodOfKind, type PeriodKind } from '../../hocr/period';
import type { ReturnDocument } from '../return-document';
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

/**
 * What changed since a submission (SPEC §7): per code the submitted count, the count now and the
 * difference; and each record whose counted code differs between the two service times (including
 * records that entered or left the return), with the events stored since the submission that moved it.
 */
export async function submissionRevisions(db: Queryable, id: string, asAt: Date) {
  const s = await getSubmission(db, id);
  // The stored label with the kind the frozen return recorded: FY 2011-12's label is also December 2011's.
  const period = periodOfKind(s.content.period.kind as PeriodKind, s.period);
  const now = await computeReturn(db, { force: s.force, period, asAt });
  const moved = (await db.query(
    `WITH counted AS (
       SELECT h.record_id, h.code, (h.system_to IS NULL) AS is_now,
              (h.system_from <= $4 AND (h.system_to IS NULL OR h.system_to > $4)) AS is_then
         FROM classification_history h
        WHERE h.valid_to IS NULL AND h.status = 'OPEN' AND h.code IS NOT NULL
          AND h.received_date >= $1::date AND h.received_date < $2::date
          AND ($3::text = 'ALL' OR h.force = $3::text)
          AND (h.system_to IS NULL OR (h.system_from <= $4 AND h.system_to > $4))
     ), diff AS (
       SELECT record_id, max(code) FILTER (WHERE is_then) AS then_code, max(code) FILTER (WHERE is_now) AS now_code
         FROM counted GROUP BY record_id
     )
     SELECT r.force, r.referral_ref, d.then_code, d.now_code,
            coalesce((SELECT json_agg(json_build_object('eventId', e.event_id, 'type', e.type, 'occurredAt', e.occurred_at, 'storedAt', e.stored_at) ORDER BY e.seq)
                        FROM events e WHERE e.referral_ref = r.referral_ref AND e.stored_at > $4), '[]') AS events
       FROM diff d JOIN records r ON r.id = d.record_id
      WHERE d.then_code IS DISTINCT FROM d.now_code
      ORDER BY r.force, r.referral_ref`,
    [period.fromDate, period.toDate, s.force, s.as_at],
  )) as { force: string; referral_ref: string; then_code: HocrCode | null; now_code: HocrCode | null; events: unknown[] }[];
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
    movedRecords: moved.map((m) => ({ force: m.force, referralRef: m.referral_ref, from: m.then_code, to: m.now_code, events: m.events })),
  };
}
