// Helpers shared by the §6 checks: instant arithmetic on ISO UTC strings, fold-order comparison of
// facts, and the two "the record owes nothing more" closings (cancellation, transfer away).
import type { CrimeFacts, EventRef, Facts } from '../facts';
import { addDays, isIsoDate } from '../iso';
import { londonDate, londonMidnight, toEpochMs } from '../time';
import type { FindingSpec } from './finding';

export const HOUR_MS = 3_600_000;

/** ISO UTC string (same format as facts) of an instant plus whole hours. */
export function plusHours(instant: string, hours: number): string {
  return new Date(toEpochMs(instant) + hours * HOUR_MS).toISOString();
}

/** Facts carry normalised ISO UTC strings, which sort as instants. */
export const minIso = (a: string, b: string): string => (a <= b ? a : b);
export const maxIso = (a: string, b: string): string => (a >= b ? a : b);

export function minOf(values: readonly string[]): string | null {
  return values.length === 0 ? null : values.reduce(minIso);
}

/** 00:00 Europe/London of the day after a London date: the first instant that is no longer that date. */
export function startOfDayAfter(date: string): string {
  return londonMidnight(addDays(date, 1));
}

/** Fold order of facts (docs/decisions.md (HOCR domain) 16): occurred instant, receivedAt, arrival, eventId. */
export function compareRefs(a: EventRef, b: EventRef): number {
  if (a.occurredInstant !== b.occurredInstant) return a.occurredInstant < b.occurredInstant ? -1 : 1;
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? -1 : 1;
  if (a.seq !== b.seq) return a.seq - b.seq;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/**
 * When a crime was recorded on the force system (decisions.md HOCR 29): the CRIME_RECORDED occurredAt
 * when it is a date-time; a date alone proves only "by the end of that London day". Never later
 * than the force's receipt of the event, which reports a crime already recorded.
 */
export function crimeRecordedInstant(c: CrimeFacts): string {
  const stated = isIsoDate(c.occurredAt) ? startOfDayAfter(londonDate(c.occurredInstant)) : c.occurredInstant;
  return minIso(stated, c.receivedAt);
}

/** The earliest crime recording over every CRIME_RECORDED event; null when none. */
export function firstCrimeRecordedAt(f: Facts): { at: string; crime: CrimeFacts } | null {
  let best: { at: string; crime: CrimeFacts } | null = null;
  for (const c of f.crimes) {
    const at = crimeRecordedInstant(c);
    if (best === null || at < best.at) best = { at, crime: c };
  }
  return best;
}

/** Receipt of the transfer that took the record to another force (while it stays transferred away). */
export function transferredAwayAt(f: Facts): string | null {
  return f.transferredTo !== null && f.transfer !== null ? f.transfer.receivedAt : null;
}

export interface ClosingOptions {
  /** The obligation moves with the referral to the receiving force (MS-03, MS-04, MS-05, MS-10). */
  readonly endsOnTransfer: boolean;
}

/**
 * Applies the closings every check shares (decisions.md HOCR 28): a finding still unresolved is resolved
 * when the record is cancelled (and, for obligations that move with the referral, when it is
 * transferred away); an earlier cure stays. On a record a force got by transfer, no finding is due before
 * the force held the referral (`heldFrom`, CheckContext). A finding whose interval is empty (resolved at or
 * before it became due) is no finding at all.
 */
export function close(findings: readonly FindingSpec[], f: Facts, opts: ClosingOptions, heldFrom: string | null = null): FindingSpec[] {
  const ends: string[] = [];
  if (f.cancelled && f.cancellation !== null) ends.push(f.cancellation.receivedAt);
  if (opts.endsOnTransfer) {
    const away = transferredAwayAt(f);
    if (away !== null) ends.push(away);
  }
  const end = minOf(ends);
  const out: FindingSpec[] = [];
  for (const x of findings) {
    const resolvedAt = end === null ? x.resolvedAt : x.resolvedAt === null ? end : minIso(x.resolvedAt, end);
    const dueAt = heldFrom === null ? x.dueAt : maxIso(x.dueAt, heldFrom);
    if (resolvedAt !== null && resolvedAt <= dueAt) continue;
    out.push(resolvedAt === x.resolvedAt && dueAt === x.dueAt ? x : { ...x, dueAt, resolvedAt });
  }
  return out;
}
