// Europe/London calendar, financial periods and working days (SPEC §5). Intl only, no moment.
import { isBankHoliday, isBankHolidayEpochDay } from './holidays';
import { civilFromDays, dateFromEpochDay, daysFromCivil, epochDay, isIsoDate, isoWeekday, parseIsoDate, parseIsoDateTime } from './iso';

export const LONDON = 'Europe/London';

/** Anything that names an instant: an ISO date-time with offset, epoch milliseconds or a Date. */
export type InstantInput = string | number | Date;

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function toEpochMs(instant: InstantInput): number {
  if (typeof instant === 'number' || instant instanceof Date) {
    const ms = typeof instant === 'number' ? instant : instant.getTime();
    if (!Number.isFinite(ms)) throw new RangeError('not a valid instant');
    return ms;
  }
  const ms = parseIsoDateTime(instant);
  if (ms === null) throw new RangeError(`not an ISO 8601 date-time with offset: ${instant}`);
  return ms;
}

export function toIsoInstant(instant: InstantInput): string {
  return new Date(toEpochMs(instant)).toISOString();
}

// London's UTC offset. From 1996 (the EU rule, which UK law still follows) summer time runs from 01:00 UTC
// on the last Sunday of March to 01:00 UTC on the last Sunday of October: computed, per year, by that rule
// (Intl cost ~20 µs a call, and the fold asks for every event; docs/benchmarks.md, "Third round"). Before
// 1996 and after 2099 the rules differed or may differ, and Intl (the tz database) answers, cached per UTC
// hour: the offset only ever changes on a whole UTC hour. A test holds the rule to Intl hour by hour.
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const RULE_FIRST_YEAR = 1996;
const RULE_LAST_YEAR = 2099;
const offsetCache = new Map<number, number>();
const OFFSET_CACHE_LIMIT = 200_000;
const summerTime = new Map<number, readonly [number, number]>();

export function intlOffsetMinutes(ms: number): number {
  const p: Record<string, string> = {};
  for (const part of londonParts.formatToParts(new Date(ms))) p[part.type] = part.value;
  const secondMs = ms - (((ms % 1000) + 1000) % 1000);
  const utcDay = Math.floor(secondMs / DAY_MS);
  // The offset is under a day, so London's date is the UTC date or a day either side: the day of the month tells
  // which. Intl's year is not read: before 1 AD it is a year of the era (ISO year 0 is "2" in 2 BC's December), and
  // reading it made the offset at year 0 three years long.
  const day = Number(p.day);
  const delta = day === civilFromDays(utcDay).day ? 0 : day === civilFromDays(utcDay + 1).day ? 1 : -1;
  const wallMs = (utcDay + delta) * DAY_MS + ((Number(p.hour) * 60 + Number(p.minute)) * 60 + Number(p.second)) * 1000;
  return Math.round((wallMs - secondMs) / 60_000);
}

/** 01:00 UTC on the last Sunday of a month with 31 days. */
function lastSundayOneAm(year: number, month: 3 | 10): number {
  const day31 = daysFromCivil(year, month, 31);
  const weekday = ((((day31 + 3) % 7) + 7) % 7) + 1; // ISO: 1 = Monday … 7 = Sunday; 1970-01-01 was a Thursday
  return (day31 - (weekday % 7)) * DAY_MS + HOUR_MS;
}

function offsetMinutesAt(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  if (year >= RULE_FIRST_YEAR && year <= RULE_LAST_YEAR) {
    let bst = summerTime.get(year);
    if (!bst) summerTime.set(year, (bst = [lastSundayOneAm(year, 3), lastSundayOneAm(year, 10)]));
    return ms >= bst[0] && ms < bst[1] ? 60 : 0;
  }
  const bucket = Math.floor(ms / HOUR_MS);
  let offset = offsetCache.get(bucket);
  if (offset === undefined) {
    if (offsetCache.size >= OFFSET_CACHE_LIMIT) offsetCache.clear();
    offset = intlOffsetMinutes(bucket * HOUR_MS);
    offsetCache.set(bucket, offset);
  }
  return offset;
}

/** The Europe/London calendar date of an instant: 2024-03-31T23:30Z → '2024-04-01' (SPEC §5). */
export function londonDate(instant: InstantInput): string {
  const ms = toEpochMs(instant);
  return dateFromEpochDay(Math.floor((ms + offsetMinutesAt(ms) * 60_000) / 86_400_000));
}

/** London's offset from UTC in minutes at an instant (0 in GMT, 60 in BST). */
export function londonOffsetMinutes(instant: InstantInput): number {
  return offsetMinutesAt(toEpochMs(instant));
}

/**
 * The instant of 00:00 Europe/London on a date, as an ISO UTC string. UK clocks change at 01:00 UTC,
 * so local midnight always exists and is never ambiguous.
 */
export function londonMidnight(date: string): string {
  return new Date(londonMidnightMs(date)).toISOString();
}

export function londonMidnightMs(date: string): number {
  const utcMidnight = epochDay(date) * 86_400_000;
  // Two passes: the offset at UTC midnight can differ from the offset at London midnight only on a
  // switch day, and the second pass settles it.
  let guess = utcMidnight - londonOffsetMinutes(utcMidnight) * 60_000;
  guess = utcMidnight - londonOffsetMinutes(guess) * 60_000;
  return guess;
}

/**
 * A value the contract allows for `occurredAt`: a date alone is a London date (SPEC §4), a date-time
 * is converted to its London date.
 */
export function toLondonDate(value: InstantInput): string {
  if (typeof value === 'string' && isIsoDate(value)) return value;
  return londonDate(value);
}

function requireDate(date: string): { year: number; month: number; day: number } {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError(`not an ISO calendar date: ${date}`);
  return d;
}

function fyStartYear(date: string): number {
  const d = requireDate(date);
  return d.month >= 4 ? d.year : d.year - 1;
}

function fyLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** Financial year (April–March) of a London date: '2024-04-01' → '2024-25' (SPEC §5). */
export function financialYear(date: string): string {
  return fyLabel(fyStartYear(date));
}

/** Financial quarter 1–4 of a London date; quarter 1 is April–June (SPEC §5). */
export function financialQuarter(date: string): 1 | 2 | 3 | 4 {
  const { month } = requireDate(date);
  return (Math.floor(((month + 8) % 12) / 3) + 1) as 1 | 2 | 3 | 4;
}

// ---- working days -------------------------------------------------------------------------------

/** Monday to Friday and not an England and Wales bank holiday (SPEC §5). */
export function isWorkingDay(date: string): boolean {
  return isoWeekday(date) <= 5 && !isBankHoliday(date);
}

/** The same, by epoch day (no string per day: the deadline checks count working days for every record). */
function isWorkingEpochDay(day: number): boolean {
  const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
  return weekday <= 5 && !isBankHolidayEpochDay(day);
}

/**
 * The n-th working day after `date`, which itself is day 0 whatever it is (SPEC §5: the referral day
 * is day 0). n = 0 returns `date`; a negative n counts backwards.
 */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be an integer, got ${n}`);
  requireDate(date);
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let current = epochDay(date);
  while (remaining > 0) {
    current += step;
    if (isWorkingEpochDay(current)) remaining -= 1;
  }
  return n === 0 ? date : dateFromEpochDay(current);
}

export const RG_TARGET_WORKING_DAYS = 5;

/** The RG decision target: the referral's London date + 5 working days (SPEC §1, §5). */
export function rgDueDate(referral: InstantInput): string {
  return addWorkingDays(toLondonDate(referral), RG_TARGET_WORKING_DAYS);
}
