import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { FindingView } from './compliance-sql';

const COLUMNS = ['Check', 'Severity', 'Force', 'Referral reference', 'Status', 'Due at', 'Resolved at', 'Evidence (event ids)', 'Finding'];

function cells(f: FindingView): (string | null)[] {
  return [f.check, f.severity, f.force, f.referralRef, f.status, f.dueAt, f.resolvedAt, f.evidence.join(' '), f.message];
}

/**
 * A cell that a spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`, a tab, a carriage
 * return or a line feed) gets a leading apostrophe, so it is shown as the text it is (OWASP "CSV injection"). Referral
 * references, event ids and first-responder organisations in the messages come from force systems, and
 * auditors open the export in Excel (docs/decisions.md, "Findings exports are safe to open in a spreadsheet").
 */
export function spreadsheetSafe(cell: string | null): string | null {
  return cell !== null && /^[=+\-@\t\r\n]/.test(cell) ? `'${cell}` : cell;
}

export function findingsCsv(items: FindingView[]): string {
  // A cell holding a line break is quoted (RFC 4180) whichever break it is: csv-stringify quotes only the
  // record delimiter itself (CRLF), and a spreadsheet starts a new row at a lone LF or CR too, with what
  // followed it as a new first cell.
  return stringify([COLUMNS, ...items.map((f) => cells(f).map(spreadsheetSafe))], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

export async function findingsXlsx(items: FindingView[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'n200';
  const ws = wb.addWorksheet('Findings');
  ws.addRow(COLUMNS).font = { bold: true };
  for (const f of items) ws.addRow(cells(f));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
