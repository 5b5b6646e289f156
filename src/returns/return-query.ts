import { ValidationFailedError } from '../common/app-error';
import { isForceCode } from '../hocr/forces';
import { InvalidPeriodError, parsePeriod, type Period } from '../hocr/period';
import { buildReturn, type CountRow, type ReturnDocument } from './return-document';

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface ReturnParams {
  force: string;
  /** As a request names it, or already read (a stored submission's period: periodOfKind). */
  period: string | Period;
  asAt?: Date;
}

export function parseReturnParams(force: string, period: string | Period): Period {
  const details = [];
  if (force !== 'ALL' && !isForceCode(force)) details.push({ field: 'force', reason: 'must be a force code such as E23000010, or ALL' });
  let parsed: Period | undefined;
  try {
    parsed = typeof period === 'string' ? parsePeriod(period) : period;
  } catch (err) {
    if (!(err instanceof InvalidPeriodError)) throw err;
    details.push({ field: 'period', reason: err.message });
  }
  if (details.length > 0 || !parsed) throw new ValidationFailedError(details);
  return parsed;
}

/**
 * The counts of a return, as at a service time, in one set-based statement over the bitemporal
 * history (SPEC §7): the history version current at `asAt` (system time), its latest row (valid_to
 * IS NULL: the classification the record had then), open records only, received in the period
 * (Europe/London date of receipt), grouped by force, financial quarter and code.
 */
export const RETURN_COUNTS_SQL = `
  SELECT h.force, date_trunc('quarter', h.received_date)::date AS quarter_start, h.code, count(*)::int AS n
    FROM classification_history h
   WHERE h.valid_to IS NULL
     AND h.received_date >= $1::date AND h.received_date < $2::date
     AND ($3::text = 'ALL' OR h.force = $3::text)
     AND h.system_from <= $4::timestamptz AND (h.system_to IS NULL OR h.system_to > $4::timestamptz)
     AND h.status = 'OPEN' AND h.code IS NOT NULL
   GROUP BY 1, 2, 3`;

export async function computeReturn(db: Queryable, params: ReturnParams): Promise<ReturnDocument> {
  const period = parseReturnParams(params.force, params.period);
  const asAt = params.asAt ?? new Date();
  const counts = (await db.query(RETURN_COUNTS_SQL, [period.fromDate, period.toDate, params.force, asAt])) as CountRow[];
  return buildReturn(params.force, period, asAt, counts);
}
