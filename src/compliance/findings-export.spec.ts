import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FindingView } from './compliance-sql';
import { findingsCsv, findingsXlsx, spreadsheetSafe } from './findings-export';

const finding = (over: Partial<FindingView>): FindingView => ({
  id: '1',
  check: 'MS-13',
  severity: 'WARNING',
  force: 'E23000010',
  referralRef: 'NRM-1',
  status: 'open',
  dueAt: '2024-06-10T23:00:00.000Z',
  resolvedAt: null,
  evidence: ['ev-1'],
  message: 'First responder organisation is not a first responder',
  ...over,
});

describe('findings export: cells a spreadsheet would run as formulas', () => {
  it.each(['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(1)', '\t=1', '\r=1', '\n=1'])(
    '%j is kept as text, behind an apostrophe',
    (cell) => {
      expect(spreadsheetSafe(cell)).toBe(`'${cell}`);
    },
  );

  it.each(['NRM-1', '2024-06-10T23:00:00.000Z', 'a=b', ' =1', ''])('%j is left as it is', (cell) => {
    expect(spreadsheetSafe(cell)).toBe(cell);
  });

  it('escapes the referral reference, the event ids and the message in the CSV, and nothing else', () => {
    const csv = findingsCsv([
      finding({ referralRef: '=1+2', evidence: ['@SUM(1)', 'ev-2'], message: '=1+2 (NGO) is not a first responder' }),
    ]);
    const row = csv.split('\r\n')[1];
    expect(row).toBe(`MS-13,WARNING,E23000010,'=1+2,open,2024-06-10T23:00:00.000Z,,'@SUM(1) ev-2,'=1+2 (NGO) is not a first responder`);
  });

  it('quotes a cell holding a lone LF or CR, so a spreadsheet never splits the row (a new row would start with =1-ref)', () => {
    const csv = findingsCsv([finding({ referralRef: 'A\n=1-ref', evidence: ['\n=1-id'], message: 'm\rx' })]);
    const rows = parse(csv, { relax_column_count: false }) as string[][];
    expect(rows).toHaveLength(2);
    expect(rows[1][3]).toBe('A\n=1-ref');
    expect(rows[1][7]).toBe("'\n=1-id");
    expect(rows[1][8]).toBe('m\rx');
    // quoted, as a spreadsheet needs them to be: it starts a row at any line break outside quotes
    expect(csv).toContain('"A\n=1-ref"');
    expect(csv).toContain('"\'\n=1-id"');
    expect(csv).toContain('"m\rx"');
  });

  it('writes the XLSX cells as text, never as formulas', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await findingsXlsx([finding({ referralRef: '=1+2' })])) as unknown as ArrayBuffer);
    const cell = wb.getWorksheet('Findings')!.getRow(2).getCell(4);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=1+2');
  });
});
