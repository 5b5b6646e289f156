import Holidays from 'date-holidays';
import { bankHolidays, isBankHoliday } from './holidays';

describe('England and Wales bank holidays from date-holidays (SPEC §5)', () => {
  it.each(['2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08'])('includes the one-off %s', (d) => {
    expect(isBankHoliday(d)).toBe(true);
  });

  it.each(['2020-12-28', '2021-12-27', '2021-12-28', '2022-12-27', '2022-01-03', '2023-01-02', '2015-12-28', '2027-12-27', '2027-12-28'])(
    'includes the substitute day %s',
    (d) => {
      expect(isBankHoliday(d)).toBe(true);
    },
  );

  it.each(['2020-05-04', '2022-05-30', '2024-03-31', '2024-03-10', '2024-06-16', '2024-02-14'])(
    'does not count the observance or moved day %s',
    (d) => {
      expect(isBankHoliday(d)).toBe(false);
    },
  );

  it.each([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026])('has 8 weekday bank holidays in %i plus one-offs', (year) => {
    const oneOffs: Record<number, number> = { 2022: 2, 2023: 1 };
    const weekdays = [...bankHolidays(year)].filter((d) => {
      const day = new Date(`${d}T12:00:00Z`).getUTCDay();
      return day !== 0 && day !== 6;
    });
    expect(weekdays).toHaveLength(8 + (oneOffs[year] ?? 0));
  });

  it('matches the Wales calendar for 2015–2030', () => {
    const wales = new Holidays('GB', 'WLS');
    for (let year = 2015; year <= 2030; year++) {
      const wls = new Set(
        wales
          .getHolidays(year)
          .filter((h) => h.type === 'public' || h.type === 'bank')
          .map((h) => h.date.slice(0, 10)),
      );
      expect([...bankHolidays(year)].sort()).toEqual([...wls].sort());
    }
  });

  it('caches one set per year', () => {
    expect(bankHolidays(2024)).toBe(bankHolidays(2024));
  });
});
