import { addDays, civilFromDays, daysFromCivil, isoWeekday, parseIsoDate, parseIsoDateTime } from './iso';

describe('ISO 8601 parsing (SPEC §4)', () => {
  it.each(['2024-02-29', '2023-12-31', '2000-02-29', '2024-01-01'])('accepts the real date %s', (d) => {
    expect(parseIsoDate(d)).not.toBeNull();
  });

  it.each([
    '2024-02-30',
    '2023-02-29',
    '1900-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-4-1',
    '24-04-01',
    '2024-04-01T00:00Z',
    '',
  ])('refuses %j as a date', (d) => {
    expect(parseIsoDate(d)).toBeNull();
  });

  it.each([
    ['2024-03-31T23:30:00Z', Date.UTC(2024, 2, 31, 23, 30)],
    ['2024-03-31T23:30Z', Date.UTC(2024, 2, 31, 23, 30)],
    ['2024-06-01T00:30:00+01:00', Date.UTC(2024, 4, 31, 23, 30)],
    ['2024-06-01T00:30:00-05:30', Date.UTC(2024, 5, 1, 6, 0)],
    ['2024-06-01T12:00:00.5Z', Date.UTC(2024, 5, 1, 12, 0, 0, 500)],
    ['2024-06-01T12:00:00.123456789Z', Date.UTC(2024, 5, 1, 12, 0, 0, 123)],
    ['2024-02-29T23:59:59+00:00', Date.UTC(2024, 1, 29, 23, 59, 59)],
  ])('reads %s as its instant', (s, ms) => {
    expect(parseIsoDateTime(s)).toBe(ms);
  });

  it.each([
    '2024-02-30T10:00:00Z',
    '2024-06-01T24:00:00Z',
    '2024-06-01T12:60:00Z',
    '2024-06-01T12:00:60Z',
    '2024-06-01T12:00:00',
    '2024-06-01T12:00:00+0100',
    '2024-06-01T12:00:00+24:00',
    '2024-06-01 12:00:00Z',
    '2024-06-01T12Z',
    '2024-06-01',
    'yesterday',
  ])('refuses %j as a date-time with offset', (s) => {
    expect(parseIsoDateTime(s)).toBeNull();
  });

  it('agrees with Date.UTC and round-trips epoch days across four centuries', () => {
    for (let days = -200_000; days <= 200_000; days += 37) {
      const d = civilFromDays(days);
      expect(daysFromCivil(d.year, d.month, d.day)).toBe(days);
    }
    expect(daysFromCivil(2024, 3, 31) * 86_400_000).toBe(Date.UTC(2024, 2, 31));
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-12-31', 1, '2024-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2022-12-13', 30, '2023-01-12'],
  ])('adds days: %s + %i = %s', (from, n, to) => {
    expect(addDays(from, n)).toBe(to);
  });

  it.each([
    ['2024-04-01', 1],
    ['2024-04-06', 6],
    ['2024-04-07', 7],
    ['1970-01-01', 4],
  ])('%s is ISO weekday %i', (d, wd) => {
    expect(isoWeekday(d)).toBe(wd);
  });
});
