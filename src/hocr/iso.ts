// Strict ISO 8601 parsing for the wire contract (SPEC §4): a calendar date `YYYY-MM-DD`, or a
// date-time with seconds optional, fractions optional and a mandatory offset (`Z` or `±hh:mm`).
// Hand-written rather than Date.parse because Date.parse rolls 2024-02-30 over to 1 March and accepts
// local times without an offset; both must be refused.

const MS_PER_DAY = 86_400_000;

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function validYmd(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil); avoids
// Date.UTC's two-digit-year quirk.
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function civilFromDays(days: number): CalendarDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** The number `n` ASCII digits at `at` spell, or -1 when any is not a digit 0-9. */
function digits(value: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = value.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1; // also NaN, past the end
    v = v * 10 + d;
  }
  return v;
}

const DASH = 45;
const COLON = 58;
const DOT = 46;
const PLUS = 43;
const T = 84;
const Z = 90;

/** `YYYY-MM-DD` that names a real calendar date, else null. */
export function parseIsoDate(value: string): CalendarDate | null {
  if (value.length !== 10 || value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH) return null;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  return year >= 0 && month >= 0 && day >= 0 && validYmd(year, month, day) ? { year, month, day } : null;
}

export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}

/**
 * Epoch milliseconds of an ISO date-time with offset (`YYYY-MM-DDThh:mm[:ss[.f…]]` then `Z` or `±hh:mm`,
 * fractions of 1 to 9 digits), or null when malformed or not a real time. Read character by character:
 * a record's refold and checks read many timestamps, and this is several times faster than a regular
 * expression (and than a memo of one: docs/benchmarks.md, "Third round").
 */
export function parseIsoDateTime(value: string): number | null {
  const n = value.length;
  if (n < 17 || value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH || value.charCodeAt(10) !== T) return null;
  if (value.charCodeAt(13) !== COLON) return null;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return null;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (value.charCodeAt(i) === COLON) {
    second = digits(value, i + 1, 2);
    if (second < 0) return null;
    i += 3;
    if (value.charCodeAt(i) === DOT) {
      // Sub-millisecond digits are accepted and truncated: instants are compared to the millisecond.
      let count = 0;
      for (i++; count <= 9; i++, count++) {
        const d = value.charCodeAt(i) - 48;
        if (!(d >= 0 && d <= 9)) break;
        if (count < 3) millis += d * (count === 0 ? 100 : count === 1 ? 10 : 1);
      }
      if (count === 0 || count > 9) return null;
    }
  }
  let offsetMinutes = 0;
  const sign = value.charCodeAt(i);
  if (sign === Z) {
    if (i + 1 !== n) return null;
  } else if (sign === PLUS || sign === DASH) {
    if (i + 6 !== n || value.charCodeAt(i + 3) !== COLON) return null;
    const offH = digits(value, i + 1, 2);
    const offM = digits(value, i + 4, 2);
    if (offH < 0 || offM < 0 || offH > 23 || offM > 59) return null;
    offsetMinutes = (sign === DASH ? -1 : 1) * (offH * 60 + offM);
  } else {
    return null;
  }
  if (!validYmd(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const local = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  return local - offsetMinutes * 60_000;
}

export function isIsoDateTime(value: string): boolean {
  return parseIsoDateTime(value) !== null;
}

export function formatIsoDate(date: CalendarDate): string {
  const y = String(date.year).padStart(4, '0');
  return `${y}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** Epoch days of a `YYYY-MM-DD` string; throws on a malformed date (a programming error here). */
export function epochDay(date: string): number {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError(`not an ISO calendar date: ${date}`);
  return daysFromCivil(d.year, d.month, d.day);
}

export function dateFromEpochDay(days: number): string {
  return formatIsoDate(civilFromDays(days));
}

/** Calendar arithmetic on `YYYY-MM-DD` strings. */
export function addDays(date: string, days: number): string {
  return dateFromEpochDay(epochDay(date) + days);
}

/** 1 = Monday … 7 = Sunday (ISO weekday). 1970-01-01 was a Thursday. */
export function isoWeekday(date: string): number {
  return ((((epochDay(date) + 3) % 7) + 7) % 7) + 1;
}

/**
 * The years a date or an instant on the wire may name (events, NRM forms, periods, as-at times, filters):
 * 1900 to 2999. Anything outside is a mistake in the sending system, and the service's own arithmetic (London
 * midnights, working-day deadlines, financial years) and PostgreSQL's timestamps (years 4713 BC to 294276 AD,
 * but not year 0 as ISO writes it) stay well inside their ranges for every accepted value (docs/decisions.md,
 * "Dates on the wire are in the years 1900–2999").
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2999;
export const YEARS_ACCEPTED = `years ${FIRST_YEAR}–${LAST_YEAR}`;

/** Whether a calendar date's year is one the service accepts (FIRST_YEAR to LAST_YEAR). */
export function isAcceptedYear(year: number): boolean {
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** Whether an instant (epoch ms) falls in a year the service accepts, in UTC. */
export function isAcceptedInstant(ms: number): boolean {
  return isAcceptedYear(civilFromDays(Math.floor(ms / MS_PER_DAY)).year);
}

/**
 * Epoch ms of an instant a request names (an as-at time, a cursor's instant): a strict ISO 8601 date-time
 * with an offset (parseIsoDateTime) in the accepted years, else null.
 */
export function parseAcceptedInstant(value: string): number | null {
  const ms = parseIsoDateTime(value);
  return ms !== null && isAcceptedInstant(ms) ? ms : null;
}

/** A `YYYY-MM-DD` calendar date a request names (a filter's date) in the accepted years, else null. */
export function parseAcceptedDate(value: string): CalendarDate | null {
  const d = parseIsoDate(value);
  return d !== null && isAcceptedYear(d.year) ? d : null;
}
