import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { parsePeriod } from '../hocr/period';
import { buildReturn } from './return-document';
import { CSV_COLUMNS, renderCsv, renderXlsx, returnFileName, stampZipEntries } from './return-renderers';

const AS_AT = new Date('2025-05-01T12:00:00.000Z');
const doc = () =>
  buildReturn('E23000010', parsePeriod('2024-25'), AS_AT, [
    { force: 'E23000010', quarter_start: '2024-04-01', code: 'N200/04', n: 7 },
    { force: 'E23000010', quarter_start: '2025-01-01', code: '106', n: 12 },
  ]);

describe('renderCsv', () => {
  it('the SPEC §7 columns in order, CRLF records, parses back', () => {
    const csv = renderCsv(doc());
    expect(CSV_COLUMNS).toEqual([
      'Financial Year',
      'Financial Quarter',
      'Force Name',
      'Offence Description',
      'Offence Group',
      'Offence Subgroup',
      'Offence Code',
      'Number of Offences',
    ]);
    expect(
      csv.startsWith(
        'Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,Offence Code,Number of Offences\r\n',
      ),
    ).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parse(csv) as string[][];
    expect(rows).toHaveLength(29);
    expect(rows[4]).toEqual([
      '2024/25',
      '1',
      'West Yorkshire Police',
      'NRM referral — Positive reasonable grounds/police referral — Outside England and Wales',
      'Reported incidents',
      'Modern slavery reported incidents',
      'N200/04',
      '7',
    ]);
    expect(rows[28]).toEqual([
      '2024/25',
      '4',
      'West Yorkshire Police',
      'Modern slavery',
      'Violence against the person',
      'Violence without injury',
      '106',
      '12',
    ]);
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180) and parses them back', () => {
    const d = doc();
    d.rows[0] = { ...d.rows[0], forceName: 'Avon, "Somerset"', offenceDescription: 'line one\r\nline two' };
    const csv = renderCsv(d);
    expect(csv).toContain('"Avon, ""Somerset"""');
    expect(csv).toContain('"line one\r\nline two"');
    const rows = parse(csv) as string[][];
    expect(rows[1][2]).toBe('Avon, "Somerset"');
    expect(rows[1][3]).toBe('line one\r\nline two');
    expect(rows).toHaveLength(29);
  });

  it('is deterministic', () => {
    expect(renderCsv(doc())).toBe(renderCsv(doc()));
  });
});

describe('returnFileName', () => {
  it('n200-return-FORCE-PERIOD.ext', () => {
    expect(returnFileName(doc(), 'csv')).toBe('n200-return-E23000010-FY2024-25.csv');
    const q = buildReturn('E23000010', parsePeriod('2024-25-Q1'), AS_AT, []);
    expect(returnFileName(q, 'csv')).toBe('n200-return-E23000010-2024-25-Q1.csv');
    expect(returnFileName(buildReturn('ALL', parsePeriod('2024-04'), AS_AT, []), 'xlsx')).toBe('n200-return-ALL-2024-04.xlsx');
    // FY 2011-12 and the month 2011-12 are two files
    expect(returnFileName(buildReturn('ALL', parsePeriod('FY2011-12'), AS_AT, []), 'csv')).toBe('n200-return-ALL-FY2011-12.csv');
    expect(returnFileName(buildReturn('ALL', parsePeriod('2011-12'), AS_AT, []), 'csv')).toBe('n200-return-ALL-2011-12.csv');
  });
});

describe('renderXlsx', () => {
  it('one sheet per financial year, header, numbers as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(doc())) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['2024-25']);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...CSV_COLUMNS]);
    expect(ws.rowCount).toBe(29);
    expect(ws.getRow(5).getCell(8).value).toBe(7);
    expect(ws.getRow(29).getCell(8).value).toBe(12);
    for (let r = 2; r <= 29; r++) {
      expect(ws.getRow(r).getCell(2).type).toBe(ExcelJS.ValueType.Number);
      expect(ws.getRow(r).getCell(8).type).toBe(ExcelJS.ValueType.Number);
    }
  });

  it('is the same bytes whenever it is rendered: every zip entry is dated the return asAt', async () => {
    const at = async (now: string) => {
      jest.useFakeTimers({ now: new Date(now), doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'] });
      try {
        return await renderXlsx(doc());
      } finally {
        jest.useRealTimers();
      }
    };
    const first = await at('2026-01-01T08:00:00Z');
    const later = await at('2027-06-30T17:45:13Z');
    expect(later.equals(first)).toBe(true);
    // the first entry's local header: DOS time and date of AS_AT (UTC, 2-second steps)
    const asAt = AS_AT;
    expect(first.readUInt32LE(0)).toBe(0x04034b50);
    expect(first.readUInt16LE(10)).toBe((asAt.getUTCHours() << 11) | (asAt.getUTCMinutes() << 5) | Math.floor(asAt.getUTCSeconds() / 2));
    expect(first.readUInt16LE(12)).toBe(((asAt.getUTCFullYear() - 1980) << 9) | ((asAt.getUTCMonth() + 1) << 5) | asAt.getUTCDate());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(first as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getRow(5).getCell(8).value).toBe(7);
  });

  it('holds an asAt before 1980 (the first DOS date) to 1980-01-01', async () => {
    const zip = stampZipEntries(await renderXlsx(doc()), new Date('1900-01-01T00:00:00Z'));
    expect([zip.readUInt16LE(10), zip.readUInt16LE(12)]).toEqual([0, (1 << 5) | 1]);
  });

  it('refuses to stamp what is not a zip', () => {
    expect(() => stampZipEntries(Buffer.from('not a zip at all'), new Date())).toThrow(/not a zip/);
  });

  it('a document spanning two financial years gets two sheets', async () => {
    const d = doc();
    d.rows = [...d.rows, ...d.rows.slice(0, 7).map((r) => ({ ...r, financialYear: '2025/26' }))];
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(d)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['2024-25', '2025-26']);
    expect(wb.worksheets[1].rowCount).toBe(8);
  });
});
