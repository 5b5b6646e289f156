import { HOCR_CODES } from '../hocr/codes';
import { FORCES } from '../hocr/forces';
import { parsePeriod } from '../hocr/period';
import { buildReturn, quartersOf, type CountRow } from './return-document';
import { parseReturnParams } from './return-query';
import { ValidationFailedError } from '../common/app-error';

const AS_AT = new Date('2025-05-01T12:00:00.000Z');

describe('quartersOf', () => {
  it.each([
    ['2024-25', ['2024-04-01', '2024-07-01', '2024-10-01', '2025-01-01']],
    ['2024-25-Q1', ['2024-04-01']],
    ['2024-25-Q4', ['2025-01-01']],
    ['2024-04', ['2024-04-01']],
    ['2024-06', ['2024-04-01']],
    ['2025-03', ['2025-01-01']],
    ['2024-12', ['2024-10-01']],
  ])('%s → %j', (period, quarters) => {
    expect(quartersOf(parsePeriod(period))).toEqual(quarters);
  });
});

describe('buildReturn', () => {
  const F = 'E23000010';
  const counts: CountRow[] = [
    { force: F, quarter_start: '2024-04-01', code: 'N200/01', n: 3 },
    { force: F, quarter_start: '2024-04-01', code: '106', n: 4 },
    { force: F, quarter_start: '2025-01-01', code: 'N200/06', n: 2 },
    // pg returns count(*)::int as a number, but a bigint would come back as a string
    { force: F, quarter_start: '2024-07-01', code: 'N200/03', n: '5' as unknown as number },
    // another force's row is ignored for a single-force return
    { force: 'E23000001', quarter_start: '2024-04-01', code: 'N200/01', n: 99 },
  ];

  it('every quarter and every code, in order, zero where none', () => {
    const doc = buildReturn(F, parsePeriod('2024-25'), AS_AT, counts);
    expect(doc.rows).toHaveLength(28);
    expect(doc.rows.map((r) => `${r.financialQuarter} ${r.offenceCode}`)).toEqual(
      [1, 2, 3, 4].flatMap((q) => HOCR_CODES.map((c) => `${q} ${c}`)),
    );
    expect(doc.rows.every((r) => r.financialYear === '2024/25' && r.forceCode === F && r.forceName === 'West Yorkshire Police')).toBe(true);
    expect(doc.byCode).toEqual({ 'N200/01': 3, 'N200/02': 0, 'N200/03': 5, 'N200/04': 0, 'N200/05': 0, 'N200/06': 2, '106': 4 });
    expect(typeof doc.byCode['N200/03']).toBe('number');
  });

  it('reported incidents and notifiable crimes apart, never summed', () => {
    const doc = buildReturn(F, parsePeriod('2024-25'), AS_AT, counts);
    expect(doc.totals).toEqual({ reportedIncidents: 10, notifiableCrimes: 4 });
  });

  it('the period, the force and asAt as given', () => {
    const doc = buildReturn(F, parsePeriod('2024-25-Q1'), AS_AT, counts);
    expect(doc.force).toBe(F);
    expect(doc.asAt).toBe('2025-05-01T12:00:00.000Z');
    expect(doc.period).toEqual({ label: '2024-25-Q1', kind: 'FINANCIAL_QUARTER', from: '2024-04-01', to: '2024-06-30' });
    expect(doc.rows).toHaveLength(7);
    expect(doc.byCode).toEqual({ 'N200/01': 3, 'N200/02': 0, 'N200/03': 0, 'N200/04': 0, 'N200/05': 0, 'N200/06': 0, '106': 4 });
  });

  it('ALL: every force, by name, every code', () => {
    const doc = buildReturn('ALL', parsePeriod('2024-25-Q1'), AS_AT, counts);
    expect(doc.rows).toHaveLength(FORCES.length * 7);
    const names = [...new Set(doc.rows.map((r) => r.forceName))];
    expect(names).toEqual([...FORCES.map((f) => f.name)].sort((a, b) => a.localeCompare(b)));
    expect(doc.byCode['N200/01']).toBe(102);
  });

  it('an empty return: every code zero', () => {
    const doc = buildReturn(F, parsePeriod('2024-04'), AS_AT, []);
    expect(doc.rows.map((r) => r.numberOfOffences)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(doc.totals).toEqual({ reportedIncidents: 0, notifiableCrimes: 0 });
  });

  it('metadata of the Home Office layout', () => {
    const doc = buildReturn(F, parsePeriod('2024-04'), AS_AT, []);
    const n200 = doc.rows.filter((r) => r.offenceCode !== '106');
    expect(n200.every((r) => r.offenceGroup === 'Reported incidents' && r.offenceSubgroup === 'Modern slavery reported incidents')).toBe(
      true,
    );
    expect(doc.rows.find((r) => r.offenceCode === '106')).toMatchObject({
      offenceDescription: 'Modern slavery',
      offenceGroup: 'Violence against the person',
      offenceSubgroup: 'Violence without injury',
    });
  });
});

describe('parseReturnParams', () => {
  function fields(force: string, period: string): string[] {
    try {
      parseReturnParams(force, period);
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationFailedError);
      return (err as ValidationFailedError).details.map((d) => d.field!);
    }
    return [];
  }
  it('accepts a force or ALL and a year, quarter or month', () => {
    expect(fields('E23000010', '2024-25')).toEqual([]);
    expect(fields('ALL', '2024-25-Q3')).toEqual([]);
    expect(fields('BTP', '2024-04')).toEqual([]);
  });
  it('names each bad field', () => {
    expect(fields('E99999999', '2024-25')).toEqual(['force']);
    expect(fields('E23000010', '2024-26')).toEqual(['period']);
    expect(fields('all', 'Q1')).toEqual(['force', 'period']);
  });
});
