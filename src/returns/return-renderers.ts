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

/**
 * `n200-return-<force>-<period>.<ext>`, the period as the `period` parameter names it: a financial year with its
 * `FY` prefix, so that FY 2011-12 and the month 2011-12 are two files.
 */
export function returnFileName(doc: ReturnDocument, ext: 'csv' | 'xlsx' | 'json'): string {
  const period = doc.period.kind === 'FINANCIAL_YEAR' ? `FY${doc.period.label}` : doc.period.label;
  return `n200-return-${doc.force}-${period}.${ext}`;
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
  return stampZipEntries(Buffer.from(await wb.xlsx.writeBuffer()), new Date(doc.asAt));
}

const DOS_FIRST = Date.UTC(1980, 0, 1);
const DOS_LAST = Date.UTC(2107, 11, 31, 23, 59, 58);

/**
 * An XLSX file is a zip whose entries carry the time the zip was written (JSZip, under ExcelJS, takes the
 * clock), so the same return as at the same time gave different bytes on each request (SPEC §5: "exactly
 * what the service would have answered then"). Sets every entry's time, in the local and the central
 * headers, to `asAt` (DOS time: UTC, 2-second steps, as JSZip writes it; held to 1980–2107, the years a DOS date
 * holds). Returns `zip`, changed in place.
 */
export function stampZipEntries(zip: Buffer, asAt: Date): Buffer {
  // DOS dates run from 1980 to 2107; asAt can be any past instant from 1900 (decisions.md, asAt)
  const at = new Date(Math.min(Math.max(asAt.getTime(), DOS_FIRST), DOS_LAST));
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date = ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`not a zip: central header ${i} missing`);
    zip.writeUInt16LE(time, p + 12);
    zip.writeUInt16LE(date, p + 14);
    const local = zip.readUInt32LE(p + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`not a zip: local header ${i} missing`);
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return zip;
}
