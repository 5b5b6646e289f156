// Reporting periods for returns (SPEC §5, §7): a financial year, a financial quarter or a month,
// all in Europe/London local time, with an exclusive end.
import { formatIsoDate, isAcceptedYear, YEARS_ACCEPTED } from './iso';
import { londonMidnight } from './time';

export type PeriodKind = 'FINANCIAL_YEAR' | 'FINANCIAL_QUARTER' | 'MONTH';

export interface Period {
  readonly kind: PeriodKind;
  /** Canonical label: '2024-25', '2024-25-Q1' or '2024-04'. */
  readonly label: string;
  /** First London date in the period. */
  readonly fromDate: string;
  /** First London date after the period (exclusive). */
  readonly toDate: string;
  /** 00:00 Europe/London on fromDate, ISO UTC. */
  readonly fromInstant: string;
  /** 00:00 Europe/London on toDate, ISO UTC (exclusive). */
  readonly toInstant: string;
}

/** A domain error with a stable code, for the HTTP layer to map to 400. */
export class InvalidPeriodError extends Error {
  readonly code = 'INVALID_PERIOD';
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid period "${input}": ${reason}`);
    this.name = 'InvalidPeriodError';
  }
}

const EXPECTED = "expected a financial year '2024-25', a quarter '2024-25-Q1' or a month '2024-04'";
// 'FY' prefix and '/' separator are tolerated for years; the canonical label uses '-'.
const FY_RE = /^(?:FY\s*)?(\d{4})[-/](\d{2})(?:-Q([1-4]))?$/i;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
// docs/decisions.md, "Dates on the wire are in the years 1900–2999": a period past them would reach
// PostgreSQL (no year 0) or the London-midnight arithmetic (year 10000) and fail there.
const OUT_OF_RANGE = `every date of a period must be in the ${YEARS_ACCEPTED}`;

function period(kind: PeriodKind, label: string, from: [number, number], to: [number, number]): Period {
  const fromDate = formatIsoDate({ year: from[0], month: from[1], day: 1 });
  const toDate = formatIsoDate({ year: to[0], month: to[1], day: 1 });
  return { kind, label, fromDate, toDate, fromInstant: londonMidnight(fromDate), toInstant: londonMidnight(toDate) };
}

function nextMonth(year: number, month: number): [number, number] {
  return month === 12 ? [year + 1, 1] : [year, month + 1];
}

function monthPeriod(year: number, month: number): Period {
  const label = `${year}-${String(month).padStart(2, '0')}`;
  return period('MONTH', label, [year, month], nextMonth(year, month));
}

function fyPeriod(startYear: number, quarter: number | null): Period {
  const fy = `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
  if (quarter === null) return period('FINANCIAL_YEAR', fy, [startYear, 4], [startYear + 1, 4]);
  // Q1 = April–June (SPEC §5): quarter q starts in month 4 + 3(q-1), wrapping into the next year.
  const startMonthIndex = 3 + 3 * (quarter - 1); // 0-based month from January of startYear
  const from: [number, number] = [startYear + Math.floor(startMonthIndex / 12), (startMonthIndex % 12) + 1];
  const endIndex = startMonthIndex + 3;
  const to: [number, number] = [startYear + Math.floor(endIndex / 12), (endIndex % 12) + 1];
  return period('FINANCIAL_QUARTER', `${fy}-Q${quarter}`, from, to);
}

/**
 * Parses '2024-25', '2024-25-Q1' or '2024-04' (also 'FY2024-25', '2024/25'), in the years 1900–2999.
 * Throws InvalidPeriodError naming the problem.
 *
 * '2011-12' is ambiguous (December 2011 or FY 2011-12): a plain 'YYYY-MM' is read as a month, so
 * FYs 2000-01 to 2011-12 must be written '2011/12' or 'FY2011-12' (docs/decisions.md (HOCR domain)).
 */
export function parsePeriod(input: string): Period {
  if (typeof input !== 'string') throw new InvalidPeriodError(String(input), EXPECTED);
  const text = input.trim();
  const month = MONTH_RE.exec(text);
  if (month) {
    const year = Number(month[1]);
    const m = Number(month[2]);
    if (m >= 1 && m <= 12) {
      if (!isAcceptedYear(year)) throw new InvalidPeriodError(input, OUT_OF_RANGE);
      return monthPeriod(year, m);
    }
  }
  const fy = FY_RE.exec(text);
  if (fy) {
    const start = Number(fy[1]);
    const end = Number(fy[2]);
    if (end !== (start + 1) % 100) {
      throw new InvalidPeriodError(
        input,
        `a financial year runs April to March of consecutive years: expected ${start}-${String((start + 1) % 100).padStart(2, '0')}`,
      );
    }
    // A financial year (and each of its quarters) is named by both its calendar years.
    if (!isAcceptedYear(start) || !isAcceptedYear(start + 1)) throw new InvalidPeriodError(input, OUT_OF_RANGE);
    return fyPeriod(start, fy[3] === undefined ? null : Number(fy[3]));
  }
  if (month) throw new InvalidPeriodError(input, `month must be 01–12`);
  throw new InvalidPeriodError(input, EXPECTED);
}

/**
 * The period a canonical label of a known kind names: how a stored period (a submitted return keeps its
 * label and, in its frozen content, its kind) is read back. The label alone is not enough: '2011-12' is
 * the month December 2011 and also FY 2011-12's label, so a year or quarter label is read with its 'FY'
 * prefix. Throws InvalidPeriodError if the label is not one of that kind.
 */
export function periodOfKind(kind: PeriodKind, label: string): Period {
  const p = parsePeriod(kind === 'MONTH' ? label : `FY${label}`);
  if (p.kind !== kind || p.label !== label)
    throw new InvalidPeriodError(label, `not the label of a ${kind.toLowerCase().replace('_', ' ')}`);
  return p;
}

/** Whether a London date falls within a period (fromDate inclusive, toDate exclusive). */
export function periodContains(p: Period, date: string): boolean {
  return date >= p.fromDate && date < p.toDate;
}
