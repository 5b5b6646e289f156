// Published volumes that shape the synthetic data (issue 6), and the closed-form monthly counts built
// on them. Counts are a pure function of (month, scale), never of the random stream, so a referral's
// ordinal, its reference and its event ids are the same whatever --from/--to a run uses.
//
// NRM referrals per calendar year: Home Office NRM statistics (2016–2024, rounded); 2025 and 2026 are a
// modest extrapolation (19.5k, 20k), then +500 a year. DtN reports: 2.3k in 2019 rising linearly by
// 660 a year (5.6k in 2024, 6.26k in 2025, 6.92k in 2026, ...); years before 2019 follow the same line
// back (1.64k in 2018 ... 0.32k in 2016), a rough shape only.
import { daysInMonth } from '../hocr/iso';

export const FIRST_YEAR = 2016;
export const LAST_YEAR = 2035;

const NRM_BY_YEAR: Readonly<Record<number, number>> = {
  2016: 3_800,
  2017: 5_100,
  2018: 7_000,
  2019: 10_600,
  2020: 10_600,
  2021: 12_700,
  2022: 16_900,
  2023: 17_000,
  2024: 19_100,
  2025: 19_500,
  2026: 20_000,
};

export type ReferralKind = 'NRM' | 'DTN';

export function annualVolume(kind: ReferralKind, year: number): number {
  if (kind === 'NRM') return NRM_BY_YEAR[year] ?? 20_000 + 500 * (year - 2026);
  return Math.max(300, 2_300 + 660 * (year - 2019));
}

/** Month index counted from January of FIRST_YEAR (0). */
export function monthIndex(year: number, month: number): number {
  return (year - FIRST_YEAR) * 12 + (month - 1);
}

export function monthOf(index: number): { year: number; month: number } {
  return { year: FIRST_YEAR + Math.floor(index / 12), month: (index % 12) + 1 };
}

/** 'YYYY-MM' → month index; throws a message fit for a command line on anything else. */
export function parseMonth(value: string): number {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`not a month (YYYY-MM): ${value}`);
  const year = Number(m[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR) throw new RangeError(`month ${value} is outside ${FIRST_YEAR}-01..${LAST_YEAR}-12`);
  return monthIndex(year, Number(m[2]));
}

export function formatMonth(index: number): string {
  const { year, month } = monthOf(index);
  return `${year}-${String(month).padStart(2, '0')}`;
}

function daysInYear(year: number): number {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
}

// Cumulative expected referrals from FIRST_YEAR-01 to the start of a month, per kind (scale 1).
const CUMULATIVE: Record<ReferralKind, number[]> = { NRM: [0], DTN: [0] };
for (const kind of ['NRM', 'DTN'] as const) {
  const cum = CUMULATIVE[kind];
  for (let i = 0; i < (LAST_YEAR - FIRST_YEAR + 1) * 12; i++) {
    const { year, month } = monthOf(i);
    cum.push(cum[i] + (annualVolume(kind, year) * daysInMonth(year, month)) / daysInYear(year));
  }
}

/** Referrals of a kind before the start of month `index` (from FIRST_YEAR-01), at a scale. */
export function referralsBefore(kind: ReferralKind, index: number, scale: number): number {
  return Math.round(CUMULATIVE[kind][index] * scale);
}

/** Referrals of a kind in month `index` at a scale: differences of rounded cumulative counts. */
export function referralsIn(kind: ReferralKind, index: number, scale: number): number {
  return referralsBefore(kind, index + 1, scale) - referralsBefore(kind, index, scale);
}

/** The position of month `index`'s first referral of the kind within its calendar year (0-based). */
export function referralsBeforeInYear(kind: ReferralKind, index: number, scale: number): number {
  const january = index - (index % 12);
  return referralsBefore(kind, index, scale) - referralsBefore(kind, january, scale);
}
