import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { ReturnDocument, ReturnRow } from './return-document';

/** SPEC §7: the Home Office police recorded crime open data columns, in this order. */
export const CSV_COLUMNS = [
  'Financial Year',
  'Financial Quarter',
  'Force Name',
  'Offence Description',
  'Offence Group',
  'Offence Subgroup',
  'Offence Code',
  'Number of Offences',
] as const;

function cells(r: ReturnRow): (string | number)[] {
  return [
    r.financialYear,
    r.financialQuarter,
    r.forceName,
    r.offenceDescription,
    r.offenceGroup,
    r.offenceSubgroup,
    r.offenceCode,
    r.numberOfOffences,
  ];
}

export function returnFileName(doc: ReturnDocument, ext: 'csv' | 'xlsx' | 'json'): string {
  return `n200-return-${doc.force}-${doc.period.label}.${ext}`;
}

/** RFC 4180 CSV (CRLF, quotes where needed), UTF-8. */
export function renderCsv(doc: ReturnDocument): string {
  return stringify([[...CSV_COLUMNS], ...doc.rows.map(cells)], { record_delimiter: 'windows' });
}

/** One sheet per financial year, as the published tables; counts stored as numbers. */
export async function renderXlsx(doc: ReturnDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'n200';
  wb.created = new Date(doc.asAt);
  wb.modified = new Date(doc.asAt);
  const years = [...new Set(doc.rows.map((r) => r.financialYear))];
  for (const year of years) {
    const ws = wb.addWorksheet(year.replace('/', '-'));
    ws.addRow([...CSV_COLUMNS]).font = { bold: true };
    for (const r of doc.rows.filter((x) => x.financialYear === year)) ws.addRow(cells(r));
    ws.columns.forEach((c, i) => (c.width = [12, 10, 34, 60, 28, 34, 12, 12][i]));
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
