import { ValidationFailedError } from '../common/app-error';
import { parsePeriod, InvalidPeriodError, type Period } from '../hocr/period';
import type { Queryable } from '../returns/return-query';

export type FindingStatusFilter = 'open' | 'resolved' | 'all';

export interface FindingsFilter {
  /** Force codes to include; null = every force. */
  forces: string[] | null;
  check?: string;
  severity?: string;
  status: FindingStatusFilter;
  asAt: Date;
  afterId?: string;
  limit: number;
  /** Only findings of records received in [from, to) (London dates). */
  received?: { from: string; to: string };
}

export interface FindingRow {
  id: string;
  force: string;
  referral_ref: string;
  check_id: string;
  severity: string;
  due_at: Date;
  resolved_at: Date | null;
  evidence: string[];
  message: string;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function findingView(f: FindingRow, asAt: Date) {
  const resolved = f.resolved_at !== null && new Date(f.resolved_at) <= asAt;
  return {
    id: String(f.id),
    check: f.check_id,
    severity: f.severity,
    force: f.force,
    referralRef: f.referral_ref,
    status: resolved ? 'resolved' : 'open',
    dueAt: iso(f.due_at),
    resolvedAt: resolved ? iso(f.resolved_at) : null,
    evidence: f.evidence,
    message: f.message,
  };
}
export type FindingView = ReturnType<typeof findingView>;

/**
 * Findings as the service knew them at `asAt` (SPEC §5, §6): the findings version current at that
 * service time, already due by then, open (not resolved by then) or resolved. Keyset-paginated by id.
 */
export async function listFindings(db: Queryable, f: FindingsFilter): Promise<FindingRow[]> {
  const params: unknown[] = [
    f.asAt,
    f.forces,
    f.check ?? null,
    f.severity ?? null,
    f.afterId ?? '0',
    f.limit,
    f.received?.from ?? null,
    f.received?.to ?? null,
  ];
  const status =
    f.status === 'open' ? 'AND (x.resolved_at IS NULL OR x.resolved_at > $1)' : f.status === 'resolved' ? 'AND x.resolved_at <= $1' : '';
  return (await db.query(
    `SELECT x.id, x.force, x.referral_ref, x.check_id, x.severity, x.due_at, x.resolved_at, x.evidence, x.message
       FROM findings x
      WHERE x.system_from <= $1 AND (x.system_to IS NULL OR x.system_to > $1) AND x.due_at <= $1
        AND ($2::text[] IS NULL OR x.force = ANY($2::text[]))
        AND ($3::text IS NULL OR x.check_id = $3) AND ($4::text IS NULL OR x.severity = $4)
        AND x.id > $5::bigint ${status}
        AND ($7::date IS NULL OR EXISTS (SELECT 1 FROM records r WHERE r.id = x.record_id AND r.received_date >= $7::date AND r.received_date < $8::date))
      ORDER BY x.id LIMIT $6`,
    params,
  )) as FindingRow[];
}

export function parsePeriodParam(period: string): Period {
  try {
    return parsePeriod(period);
  } catch (err) {
    if (err instanceof InvalidPeriodError) throw new ValidationFailedError([{ field: 'period', reason: err.message }]);
    throw err;
  }
}
