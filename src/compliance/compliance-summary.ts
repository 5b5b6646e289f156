import { CHECK_IDS } from '../hocr/checks/finding';
import { HOCR_CODES } from '../hocr/codes';
import { addDays } from '../hocr/iso';
import type { Period } from '../hocr/period';
import type { Queryable } from '../returns/return-query';

/**
 * The SPEC §6 summary for one force and period (records received in the period, not cancelled): per check
 * the findings open and resolved now and the share of records without that finding; the share of records
 * with no finding at all; hours from the positive RG's receipt to the crime being recorded (median and
 * 90th percentile); the referral-to-crime link rate; records by code. Three set-based statements.
 */
export async function complianceSummary(db: Queryable, force: string, period: Period, now: Date) {
  const args = [force, period.fromDate, period.toDate];
  const inPeriod = `SELECT id, code, crime_expected, crime_recorded_at, rg_positive_received_at FROM records
                     WHERE force = $1 AND received_date >= $2::date AND received_date < $3::date AND status = 'OPEN'`;
  const [totals] = (await db.query(
    `WITH r AS (${inPeriod})
     SELECT count(*)::int AS records,
            count(*) FILTER (WHERE crime_expected)::int AS must_be_crimes,
            count(*) FILTER (WHERE crime_expected AND crime_recorded_at IS NOT NULL)::int AS linked,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM greatest(crime_recorded_at - rg_positive_received_at, interval '0')) / 3600)
              FILTER (WHERE crime_recorded_at IS NOT NULL AND rg_positive_received_at IS NOT NULL) AS median_hours,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM greatest(crime_recorded_at - rg_positive_received_at, interval '0')) / 3600)
              FILTER (WHERE crime_recorded_at IS NOT NULL AND rg_positive_received_at IS NOT NULL) AS p90_hours,
            count(*) FILTER (WHERE crime_recorded_at IS NOT NULL AND rg_positive_received_at IS NOT NULL)::int AS timed
       FROM r`,
    args,
  )) as { records: number; must_be_crimes: number; linked: number; median_hours: number | null; p90_hours: number | null; timed: number }[];
  const byCheck = (await db.query(
    `WITH r AS (${inPeriod})
     SELECT f.check_id,
            count(*) FILTER (WHERE f.resolved_at IS NULL OR f.resolved_at > $4)::int AS open,
            count(*) FILTER (WHERE f.resolved_at <= $4)::int AS resolved,
            count(DISTINCT f.record_id)::int AS records
       FROM findings f JOIN r ON r.id = f.record_id
      WHERE f.system_to IS NULL AND f.due_at <= $4
      GROUP BY f.check_id`,
    [...args, now],
  )) as { check_id: string; open: number; resolved: number; records: number }[];
  const [clean] = (await db.query(
    `WITH r AS (${inPeriod})
     SELECT count(*)::int AS n FROM r
      WHERE NOT EXISTS (SELECT 1 FROM findings f WHERE f.record_id = r.id AND f.system_to IS NULL AND f.due_at <= $4)`,
    [...args, now],
  )) as { n: number }[];
  const codes = (await db.query(`WITH r AS (${inPeriod}) SELECT code, count(*)::int AS n FROM r GROUP BY code`, args)) as {
    code: string;
    n: number;
  }[];

  const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10000) / 10000);
  const round = (v: number | null) => (v === null ? null : Math.round(Number(v) * 100) / 100);
  const checks = new Map(byCheck.map((c) => [c.check_id, c]));
  return {
    force,
    period: { label: period.label, from: period.fromDate, to: addDays(period.toDate, -1) },
    asAt: now.toISOString(),
    records: totals.records,
    compliantShare: share(clean.n, totals.records),
    checks: CHECK_IDS.map((id) => {
      const c = checks.get(id);
      return {
        check: id,
        open: c?.open ?? 0,
        resolved: c?.resolved ?? 0,
        compliantShare: share(totals.records - (c?.records ?? 0), totals.records),
      };
    }),
    rgToCrimeHours: { median: round(totals.median_hours), p90: round(totals.p90_hours), records: totals.timed },
    referralToCrimeLinkRate: {
      mustBeCrimes: totals.must_be_crimes,
      recorded: totals.linked,
      rate: share(totals.linked, totals.must_be_crimes),
    },
    recordsByCode: Object.fromEntries(HOCR_CODES.map((code) => [code, codes.find((c) => c.code === code)?.n ?? 0])),
  };
}
export type ComplianceSummary = Awaited<ReturnType<typeof complianceSummary>>;
