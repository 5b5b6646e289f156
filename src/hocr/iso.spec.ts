import { NOT_ONE_ACCEPTED_INSTANT } from './fixtures';
import {
  addDays,
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  isoWeekday,
  parseAcceptedDate,
  parseAcceptedInstant,
  parseIsoDate,
  parseIsoDateTime,
} from './iso';

// The parsers as regular expressions (how they were written first): the hand-written ones must agree.
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;
const realDay = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
function referenceDate(value: string): number | null {
  const m = DATE_RE.exec(value);
  return m && realDay(+m[1], +m[2], +m[3]) ? daysFromCivil(+m[1], +m[2], +m[3]) : null;
}
function referenceDateTime(value: string): number | null {
  const m = DATE_TIME_RE.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [+m[1], +m[2], +m[3], +m[4], +m[5], m[6] === undefined ? 0 : +m[6]];
  if (!realDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  let offset = 0;
  if (m[8] === undefined) {
    if (+m[10] > 23 || +m[11] > 59) return null;
    offset = (m[9] === '-' ? -1 : 1) * (+m[10] * 60 + +m[11]);
  }
  return daysFromCivil(y, mo, d) * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + millis - offset * 60_000;
}

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

  it('agrees with the regular-expression parsers on 200,000 near-miss strings', () => {
    const templates = [
      '2024-02-29T23:59:59.123456789+01:00',
      '2023-12-31T00:00Z',
      '2024-06-01T12:00:00.5-05:30',
      '2024-02-29',
      '1999-13-32',
    ];
    const alphabet = '0123456789-:T.Z+ x\u0663';
    let seed = 42;
    const rand = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) % n;
    let accepted = 0;
    for (let i = 0; i < 200_000; i++) {
      const chars = [...templates[rand(templates.length)]];
      for (let k = rand(3); k > 0; k--) {
        const at = rand(chars.length + 1);
        const op = rand(3);
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, alphabet[rand(alphabet.length)]);
        else chars[at] = alphabet[rand(alphabet.length)];
      }
      const value = chars.join('');
      const got = parseIsoDateTime(value);
      if (got !== referenceDateTime(value)) throw new Error(`date-time ${JSON.stringify(value)}: ${got} vs ${referenceDateTime(value)}`);
      const date = parseIsoDate(value);
      const days = date && daysFromCivil(date.year, date.month, date.day);
      if (days !== referenceDate(value)) throw new Error(`date ${JSON.stringify(value)}: ${days} vs ${referenceDate(value)}`);
      if (got !== null || date !== null) accepted++;
    }
    expect(accepted).toBeGreaterThan(20_000); // the mutations leave many valid values, not only garbage
  });
});

describe('values a request may name: strict ISO 8601 in the years 1900–2999 (docs/decisions.md)', () => {
  it.each([
    ['2024-06-03T10:00:00Z', Date.UTC(2024, 5, 3, 10)],
    ['2024-06-03T11:00:00+01:00', Date.UTC(2024, 5, 3, 10)],
    ['2024-06-03T10:00Z', Date.UTC(2024, 5, 3, 10)],
    ['2024-06-03T10:00:00.123456789Z', Date.UTC(2024, 5, 3, 10, 0, 0, 123)],
    ['1900-01-01T00:00:00Z', Date.UTC(1900, 0, 1)],
    ['2999-12-31T23:59:59.999Z', Date.UTC(2999, 11, 31, 23, 59, 59, 999)],
  ])('accepts the instant %j', (value, ms) => {
    expect(parseAcceptedInstant(value)).toBe(ms);
  });

  it.each([...NOT_ONE_ACCEPTED_INSTANT, ''])('refuses the instant %j', (value) => {
    expect(parseAcceptedInstant(value)).toBeNull();
  });

  it.each([
    ['2024-02-29', { year: 2024, month: 2, day: 29 }],
    ['1900-01-01', { year: 1900, month: 1, day: 1 }],
    ['2999-12-31', { year: 2999, month: 12, day: 31 }],
  ])('accepts the date %j', (value, date) => {
    expect(parseAcceptedDate(value)).toEqual(date);
  });

  it.each(['2024-02-30', '2024-13-01', '2023-02-29', '1900-02-29', '2024-00-00', '0000-01-01', '1899-12-31', '3000-01-01', '2024-6-3', ''])(
    'refuses the date %j',
    (value) => {
      expect(parseAcceptedDate(value)).toBeNull();
    },
  );
});
