// England and Wales bank holidays from the maintained `date-holidays` library (SPEC §5: no hand-typed
// table). One set per year, computed once and cached: working-day arithmetic runs for every record.
import Holidays from 'date-holidays';
import { civilFromDays, epochDay } from './iso';

// 'public' and 'bank' are the GB types that close banks and courts; 'observance' (Mother's Day,
// Easter Sunday) and 'optional' are not days off. Substitute days come through as 'public'.
const DAY_OFF_TYPES: ReadonlySet<string> = new Set(['public', 'bank']);

let england: Holidays | undefined;
const cache = new Map<number, ReadonlySet<string>>();

function calendar(): Holidays {
  // GB-ENG; tests prove GB-WLS yields the same days for the years we handle (SPEC §5).
  england ??= new Holidays('GB', 'ENG');
  return england;
}

/** `YYYY-MM-DD` of every England and Wales bank holiday in a calendar year. */
export function bankHolidays(year: number): ReadonlySet<string> {
  let days = cache.get(year);
  if (!days) {
    const set = new Set<string>();
    for (const h of calendar().getHolidays(year)) {
      // h.date is local wall time "YYYY-MM-DD hh:mm:ss"; the date part is the holiday.
      if (DAY_OFF_TYPES.has(h.type)) set.add(h.date.slice(0, 10));
    }
    days = set;
    cache.set(year, days);
  }
  return days;
}

export function isBankHoliday(date: string): boolean {
  return bankHolidays(Number(date.slice(0, 4))).has(date);
}

const byEpochDay = new Map<number, ReadonlySet<number>>();

/** isBankHoliday by epoch day (days since 1970-01-01), for working-day arithmetic without date strings. */
export function isBankHolidayEpochDay(day: number): boolean {
  const year = civilFromDays(day).year;
  let days = byEpochDay.get(year);
  if (!days) byEpochDay.set(year, (days = new Set([...bankHolidays(year)].map(epochDay))));
  return days.has(day);
}
