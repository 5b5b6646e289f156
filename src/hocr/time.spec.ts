import {
  addWorkingDays,
  financialQuarter,
  financialYear,
  isWorkingDay,
  londonDate,
  londonMidnight,
  intlOffsetMinutes,
  londonOffsetMinutes,
  rgDueDate,
  toLondonDate,
} from './time';
import { daysFromCivil } from './iso';

describe('Europe/London dates (SPEC §5)', () => {
  it.each([
    ['2024-03-31T23:30:00Z', '2024-04-01'], // BST already: 00:30 on 1 April
    ['2024-03-31T00:30:00Z', '2024-03-31'], // GMT until 01:00Z on the switch day
    ['2024-03-30T23:59:59Z', '2024-03-30'],
    ['2024-10-26T23:00:00Z', '2024-10-27'], // BST midnight, the autumn switch day
    ['2024-10-26T22:59:59Z', '2024-10-26'],
    ['2024-10-27T23:00:00Z', '2024-10-27'], // GMT again after 01:00Z
    ['2024-12-31T23:59:59Z', '2024-12-31'],
    ['2024-06-30T23:00:00Z', '2024-07-01'],
    ['2024-07-01T00:30:00+02:00', '2024-06-30'],
  ])('%s is %s in London', (instant, date) => {
    expect(londonDate(instant)).toBe(date);
  });

  it('accepts epoch milliseconds and Date objects', () => {
    expect(londonDate(Date.UTC(2024, 2, 31, 23, 30))).toBe('2024-04-01');
    expect(londonDate(new Date(Date.UTC(2024, 2, 31, 22, 59)))).toBe('2024-03-31');
  });

  it.each([Number.NaN, new Date('nope')])('refuses an invalid instant %s', (bad) => {
    expect(() => londonDate(bad)).toThrow(RangeError);
  });

  it('refuses a date-time without an offset', () => {
    expect(() => londonDate('2024-03-31T23:30:00')).toThrow(RangeError);
  });

  it.each([
    ['2024-03-31T00:59:59Z', 0],
    ['2024-03-31T01:00:00Z', 60],
    ['2024-10-27T00:59:59Z', 60],
    ['2024-10-27T01:00:00Z', 0],
  ])('offset at %s is %i minutes', (instant, offset) => {
    expect(londonOffsetMinutes(instant)).toBe(offset);
  });

  it.each([
    ['2024-01-15', '2024-01-15T00:00:00.000Z'],
    ['2024-03-31', '2024-03-31T00:00:00.000Z'], // spring switch day: midnight is still GMT
    ['2024-04-01', '2024-03-31T23:00:00.000Z'],
    ['2024-10-27', '2024-10-26T23:00:00.000Z'], // autumn switch day: midnight is still BST
    ['2024-10-28', '2024-10-28T00:00:00.000Z'],
    ['2023-03-26', '2023-03-26T00:00:00.000Z'],
    ['2023-03-27', '2023-03-26T23:00:00.000Z'],
  ])('00:00 London on %s is %s', (date, instant) => {
    expect(londonMidnight(date)).toBe(instant);
    expect(londonDate(instant)).toBe(date);
  });

  it('round-trips londonMidnight through londonDate every day of 2019–2026', () => {
    let ms = Date.UTC(2019, 0, 1, 12);
    while (ms < Date.UTC(2027, 0, 1)) {
      const date = new Date(ms).toISOString().slice(0, 10);
      const midnight = londonMidnight(date);
      expect(londonDate(midnight)).toBe(date);
      expect(londonDate(Date.parse(midnight) - 1)).not.toBe(date);
      ms += 86_400_000;
    }
  });

  it.each([
    ['2024-06-01', '2024-06-01'],
    ['2024-03-31T23:30:00Z', '2024-04-01'],
  ])('toLondonDate keeps a date alone and converts a date-time: %s', (v, d) => {
    expect(toLondonDate(v)).toBe(d);
  });
});

describe('financial year and quarter (SPEC §5)', () => {
  it.each([
    ['2024-04-01', '2024-25', 1],
    ['2024-06-30', '2024-25', 1],
    ['2024-07-01', '2024-25', 2],
    ['2024-09-30', '2024-25', 2],
    ['2024-10-01', '2024-25', 3],
    ['2024-12-31', '2024-25', 3],
    ['2025-01-01', '2024-25', 4],
    ['2025-03-31', '2024-25', 4],
    ['2024-03-31', '2023-24', 4],
    ['1999-12-31', '1999-00', 3],
    ['2009-04-01', '2009-10', 1],
  ])('%s is in FY %s, quarter %i', (date, fy, q) => {
    expect(financialYear(date)).toBe(fy);
    expect(financialQuarter(date)).toBe(q);
  });

  it('puts a referral received at 2024-03-31T23:30Z in FY 2024-25 Q1 (SPEC §5 example)', () => {
    const date = londonDate('2024-03-31T23:30:00Z');
    expect(financialYear(date)).toBe('2024-25');
    expect(financialQuarter(date)).toBe(1);
  });

  it('refuses a malformed date', () => {
    expect(() => financialYear('2024-02-30')).toThrow(RangeError);
  });
});

describe('working days (SPEC §5)', () => {
  it.each([
    ['2024-06-03', true], // Monday
    ['2024-06-07', true], // Friday
    ['2024-06-08', false], // Saturday
    ['2024-06-09', false], // Sunday
    ['2024-03-29', false], // Good Friday
    ['2024-04-01', false], // Easter Monday
    ['2024-03-31', false], // Easter Sunday: a Sunday, an observance not a bank holiday
    ['2024-03-10', false], // Mother's Day, a Sunday
    ['2020-05-08', false], // VE Day, early May bank holiday moved (one-off)
    ['2020-05-04', true], // the Monday it replaced
    ['2022-06-02', false], // Spring bank holiday moved (one-off)
    ['2022-05-30', true], // the Monday it replaced
    ['2022-06-03', false], // Platinum Jubilee (one-off)
    ['2022-09-19', false], // State funeral (one-off)
    ['2023-05-08', false], // Coronation (one-off)
    ['2020-12-28', false], // Boxing Day substitute
    ['2021-12-27', false], // Christmas Day substitute
    ['2021-12-28', false], // Boxing Day substitute
    ['2022-12-27', false], // Christmas Day substitute
    ['2022-01-03', false], // New Year's Day substitute
    ['2023-01-02', false], // New Year's Day substitute
    ['2022-12-28', true],
    ['2023-12-27', true],
  ])('%s working day: %s', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it.each([
    ['2024-06-03', 0, '2024-06-03'],
    ['2024-06-03', 5, '2024-06-10'], // Mon + 5 = next Mon
    ['2024-06-07', 1, '2024-06-10'], // Fri + 1 skips the weekend
    ['2024-06-08', 0, '2024-06-08'], // day 0 is the referral day whatever it is
    ['2024-06-08', 1, '2024-06-10'], // Saturday referral: Monday is day 1
    ['2024-03-28', 1, '2024-04-02'], // over Good Friday, the weekend and Easter Monday
    ['2022-06-01', 1, '2022-06-06'], // over the Jubilee Thursday and Friday
    ['2021-12-24', 1, '2021-12-29'], // over the Christmas substitute days
    ['2024-06-10', -5, '2024-06-03'],
  ])('%s plus %i working days is %s', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
  });

  it('refuses a fractional number of working days', () => {
    expect(() => addWorkingDays('2024-06-03', 1.5)).toThrow(RangeError);
  });

  it.each([
    ['2024-06-03', '2024-06-10'],
    ['2024-03-27T10:00:00Z', '2024-04-05'], // Wed: Thu, Tue, Wed, Thu, Fri (Easter in between)
    ['2024-03-31T23:30:00Z', '2024-04-08'], // London date 1 April (Easter Monday) is day 0
    ['2023-05-03', '2023-05-11'], // over the Coronation holiday
    ['2022-09-14', '2022-09-22'], // over the state funeral
  ])('RG decision for a referral at %s is due %s', (referral, due) => {
    expect(rgDueDate(referral)).toBe(due);
  });
});

describe('the London offset by rule (1996-2099) against the tz database (Intl)', () => {
  it('agrees every hour of 2019-2027 and around every change of 1996-2099', () => {
    const disagreements: string[] = [];
    const check = (ms: number) => {
      if (londonOffsetMinutes(ms) !== intlOffsetMinutes(ms)) disagreements.push(new Date(ms).toISOString());
    };
    for (let ms = Date.UTC(2019, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 3_600_000) check(ms);
    for (let year = 1996; year <= 2099; year++) {
      for (const month of [2, 9]) {
        // every hour of the last ten days of March and October, and minutes either side of 01:00 UTC
        for (let day = 22; day <= 31; day++) for (let hour = 0; hour < 24; hour++) check(Date.UTC(year, month, day, hour));
        for (let day = 25; day <= 31; day++) for (const minute of [-1, 0, 1]) check(Date.UTC(year, month, day, 1, minute));
      }
      check(Date.UTC(year, 0, 15, 12));
      check(Date.UTC(year, 6, 15, 12));
    }
    expect(disagreements).toEqual([]);
  });

  it('gives London its offset from the tz database at any year, year 0 and 9999 included', () => {
    const at = (year: number, month: number, day: number, hour = 0) => (daysFromCivil(year, month, day) * 24 + hour) * 3_600_000;
    // Before 1847 London kept its local mean time, 1 minute 15 seconds behind Greenwich.
    expect(intlOffsetMinutes(at(1800, 1, 1))).toBe(-1);
    expect(intlOffsetMinutes(at(0, 1, 1))).toBe(-1);
    expect(intlOffsetMinutes(at(-1, 6, 15, 12))).toBe(-1);
    expect(intlOffsetMinutes(at(9999, 12, 31))).toBe(0);
    expect(intlOffsetMinutes(at(9999, 7, 1, 12))).toBe(60);
    expect(intlOffsetMinutes(at(2024, 3, 31, 23) + 30 * 60_000)).toBe(60);
  });
});
