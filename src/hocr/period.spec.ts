import { InvalidPeriodError, parsePeriod, periodContains, periodOfKind, type PeriodKind } from './period';

describe('parsePeriod (SPEC §5, §7)', () => {
  it.each([
    ['2024-25', 'FINANCIAL_YEAR', '2024-25', '2024-04-01', '2025-04-01', '2024-03-31T23:00:00.000Z', '2025-03-31T23:00:00.000Z'],
    ['FY2024-25', 'FINANCIAL_YEAR', '2024-25', '2024-04-01', '2025-04-01', '2024-03-31T23:00:00.000Z', '2025-03-31T23:00:00.000Z'],
    ['2024/25', 'FINANCIAL_YEAR', '2024-25', '2024-04-01', '2025-04-01', '2024-03-31T23:00:00.000Z', '2025-03-31T23:00:00.000Z'],
    ['2011/12', 'FINANCIAL_YEAR', '2011-12', '2011-04-01', '2012-04-01', '2011-03-31T23:00:00.000Z', '2012-03-31T23:00:00.000Z'],
    ['1999-00', 'FINANCIAL_YEAR', '1999-00', '1999-04-01', '2000-04-01', '1999-03-31T23:00:00.000Z', '2000-03-31T23:00:00.000Z'],
    ['2024-25-Q1', 'FINANCIAL_QUARTER', '2024-25-Q1', '2024-04-01', '2024-07-01', '2024-03-31T23:00:00.000Z', '2024-06-30T23:00:00.000Z'],
    ['2024-25-Q2', 'FINANCIAL_QUARTER', '2024-25-Q2', '2024-07-01', '2024-10-01', '2024-06-30T23:00:00.000Z', '2024-09-30T23:00:00.000Z'],
    ['2024-25-Q3', 'FINANCIAL_QUARTER', '2024-25-Q3', '2024-10-01', '2025-01-01', '2024-09-30T23:00:00.000Z', '2025-01-01T00:00:00.000Z'],
    ['2024-25-q4', 'FINANCIAL_QUARTER', '2024-25-Q4', '2025-01-01', '2025-04-01', '2025-01-01T00:00:00.000Z', '2025-03-31T23:00:00.000Z'],
    ['2024-04', 'MONTH', '2024-04', '2024-04-01', '2024-05-01', '2024-03-31T23:00:00.000Z', '2024-04-30T23:00:00.000Z'],
    ['2024-12', 'MONTH', '2024-12', '2024-12-01', '2025-01-01', '2024-12-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
    ['2011-12', 'MONTH', '2011-12', '2011-12-01', '2012-01-01', '2011-12-01T00:00:00.000Z', '2012-01-01T00:00:00.000Z'],
    [' 2024-03 ', 'MONTH', '2024-03', '2024-03-01', '2024-04-01', '2024-03-01T00:00:00.000Z', '2024-03-31T23:00:00.000Z'],
  ])('parses %j', (input, kind, label, fromDate, toDate, fromInstant, toInstant) => {
    expect(parsePeriod(input)).toEqual({ kind, label, fromDate, toDate, fromInstant, toInstant });
  });

  it.each([
    ['2024-26', /consecutive years: expected 2024-25/],
    ['2024-13', /consecutive years: expected 2024-25/],
    ['2024-00', /consecutive years|month must be 01–12/],
    ['2024-25-Q5', /expected a financial year/],
    ['2024', /expected a financial year/],
    ['24-25', /expected a financial year/],
    ['April 2024', /expected a financial year/],
    ['', /expected a financial year/],
  ])('refuses %j with a clear reason', (input, message) => {
    expect(() => parsePeriod(input)).toThrow(InvalidPeriodError);
    expect(() => parsePeriod(input)).toThrow(message);
  });

  it.each(['0000-01', '1899-12', '9999-12', '9999-00', '3000-01', 'FY1899-00', '2999-00', '2999-00-Q1', '9999/00', '0000-01-Q4'])(
    'refuses %j: a period outside the years 1900–2999 (docs/decisions.md)',
    (input) => {
      expect(() => parsePeriod(input)).toThrow(InvalidPeriodError);
      expect(() => parsePeriod(input)).toThrow(`invalid period "${input}": every date of a period must be in the years 1900–2999`);
    },
  );

  it.each([
    ['1900-01', '1900-01-01', '1900-02-01'],
    ['1900-01-Q1', '1900-04-01', '1900-07-01'],
    ['2998-99', '2998-04-01', '2999-04-01'],
    ['2999-12', '2999-12-01', '3000-01-01'],
  ])('accepts %j at the edge of the accepted years', (input, fromDate, toDate) => {
    expect(parsePeriod(input)).toMatchObject({ fromDate, toDate });
  });

  it('carries a stable error code', () => {
    try {
      parsePeriod('nope');
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidPeriodError);
      expect((e as InvalidPeriodError).code).toBe('INVALID_PERIOD');
    }
  });

  it.each([
    ['2024-03-31', false],
    ['2024-04-01', true],
    ['2025-03-31', true],
    ['2025-04-01', false],
  ])('FY 2024-25 contains %s: %s', (date, expected) => {
    expect(periodContains(parsePeriod('2024-25'), date)).toBe(expected);
  });
});

describe('periodOfKind: a stored label read back as the kind it was', () => {
  it.each<[PeriodKind, string, string, string]>([
    ['FINANCIAL_YEAR', '2011-12', '2011-04-01', '2012-04-01'],
    ['FINANCIAL_YEAR', '2000-01', '2000-04-01', '2001-04-01'],
    ['FINANCIAL_YEAR', '2024-25', '2024-04-01', '2025-04-01'],
    ['FINANCIAL_QUARTER', '2011-12-Q1', '2011-04-01', '2011-07-01'],
    ['FINANCIAL_QUARTER', '2024-25-Q4', '2025-01-01', '2025-04-01'],
    ['MONTH', '2011-12', '2011-12-01', '2012-01-01'],
    ['MONTH', '2024-04', '2024-04-01', '2024-05-01'],
  ])('%s %s runs from %s to %s', (kind, label, fromDate, toDate) => {
    expect(periodOfKind(kind, label)).toMatchObject({ kind, label, fromDate, toDate });
  });

  it.each<[PeriodKind, string]>([
    ['MONTH', '2024-25'],
    ['FINANCIAL_YEAR', '2024-04'],
    ['FINANCIAL_YEAR', '2024-25-Q1'],
    ['FINANCIAL_QUARTER', '2024-25'],
    ['FINANCIAL_YEAR', '2024/25'],
  ])('refuses %s %j: not a label of that kind', (kind, label) => {
    expect(() => periodOfKind(kind, label)).toThrow(InvalidPeriodError);
  });
});
