// Strict ISO 8601 parsing for the wire contract (SPEC §4): a calendar date `YYYY-MM-DD`, or a
// date-time with seconds optional, fractions optional and a mandatory offset (`Z` or `±hh:mm`).
// Hand-written rather than Date.parse because Date.parse rolls 2024-02-30 over to 1 March and accepts
// local times without an offset; both must be refused.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

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

/** `YYYY-MM-DD` that names a real calendar date, else null. */
export function parseIsoDate(value: string): CalendarDate | null {
  const m = DATE_RE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return validYmd(year, month, day) ? { year, month, day } : null;
}

export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}

/**
 * A bounded memo for the parsers below: a record's refold and checks read the same few timestamps many
 * times (a fifth of the refold's time went to parsing them again). Emptied when full, so memory is bounded.
 */
function memo<T>(parse: (value: string) => T, limit = 100_000): (value: string) => T {
  const cache = new Map<string, T>();
  return (value) => {
    let v = cache.get(value);
    if (v === undefined && !cache.has(value)) {
      if (cache.size >= limit) cache.clear();
      v = parse(value);
      cache.set(value, v);
    }
    return v as T;
  };
}

/** Epoch milliseconds of an ISO date-time with offset, or null when malformed or not a real time. */
export const parseIsoDateTime: (value: string) => number | null = memo(parseIsoDateTimeOnce);

function parseIsoDateTimeOnce(value: string): number | null {
  const m = DATE_TIME_RE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (!validYmd(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  // Sub-millisecond digits are accepted and truncated: instants are compared to the millisecond.
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const offH = Number(m[10]);
    const offM = Number(m[11]);
    if (offH > 23 || offM > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offH * 60 + offM);
  }
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
export const epochDay: (date: string) => number = memo(epochDayOnce);

function epochDayOnce(date: string): number {
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
