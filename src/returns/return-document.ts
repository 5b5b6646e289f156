import { HOCR_CODES, isReportedIncidentCode, RETURN_METADATA, type HocrCode } from '../hocr/codes';
import { FORCES } from '../hocr/forces';
import { addDays } from '../hocr/iso';
import { financialQuarter, financialYear } from '../hocr/time';
import type { Period } from '../hocr/period';

/** One row of the Home Office open-data layout (SPEC §7), in column order. */
export interface ReturnRow {
  financialYear: string;
  financialQuarter: number;
  forceCode: string;
  forceName: string;
  offenceDescription: string;
  offenceGroup: string;
  offenceSubgroup: string;
  offenceCode: HocrCode;
  numberOfOffences: number;
}

/** A return: what the service counts for a force (or ALL) and period, as at a service time. */
export interface ReturnDocument {
  force: string;
  period: { label: string; kind: string; from: string; to: string };
  asAt: string;
  byCode: Record<HocrCode, number>;
  /** N200 reported incidents and class 106 notifiable crimes are reported apart, never summed (SPEC §2). */
  totals: { reportedIncidents: number; notifiableCrimes: number };
  rows: ReturnRow[];
}

export interface CountRow {
  force: string;
  quarter_start: string;
  code: HocrCode;
  n: number;
}

/** The financial quarters a period touches, as their first dates (Jan/Apr/Jul/Oct 1st), in order. */
export function quartersOf(p: Period): string[] {
  const out = new Set<string>();
  let [y, m] = p.fromDate.split('-').map(Number);
  while (`${y}-${String(m).padStart(2, '0')}-01` < p.toDate) {
    out.add(`${y}-${String(m - ((m - 1) % 3)).padStart(2, '0')}-01`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return [...out];
}

/**
 * Builds the return from grouped counts: every force asked for, every quarter of the period and every
 * code appear, with zero where none (SPEC §7). The layout is deterministic, so a return as at a time
 * is byte-for-byte reproducible.
 */
export function buildReturn(force: string, period: Period, asAt: Date, counts: CountRow[]): ReturnDocument {
  const forces = force === 'ALL' ? [...FORCES].sort((a, b) => a.name.localeCompare(b.name)) : FORCES.filter((f) => f.code === force);
  const quarters = quartersOf(period);
  const count = new Map(counts.map((c) => [`${c.force}|${c.quarter_start}|${c.code}`, Number(c.n)]));
  const byCode = Object.fromEntries(HOCR_CODES.map((c) => [c, 0])) as Record<HocrCode, number>;
  const rows: ReturnRow[] = [];
  for (const f of forces) {
    for (const q of quarters) {
      for (const code of HOCR_CODES) {
        const n = count.get(`${f.code}|${q}|${code}`) ?? 0;
        byCode[code] += n;
        const meta = RETURN_METADATA[code];
        rows.push({
          financialYear: financialYear(q).replace('-', '/'),
          financialQuarter: financialQuarter(q),
          forceCode: f.code,
          forceName: f.name,
          offenceDescription: meta.offenceDescription,
          offenceGroup: meta.offenceGroup,
          offenceSubgroup: meta.offenceSubgroup,
          offenceCode: code,
          numberOfOffences: n,
        });
      }
    }
  }
  const reportedIncidents = HOCR_CODES.filter(isReportedIncidentCode).reduce((s, c) => s + byCode[c], 0);
  return {
    force,
    period: { label: period.label, kind: period.kind, from: period.fromDate, to: addDays(period.toDate, -1) },
    asAt: asAt.toISOString(),
    byCode,
    totals: { reportedIncidents, notifiableCrimes: byCode['106'] },
    rows,
  };
}
