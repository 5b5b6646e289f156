// Deadline checks: something must happen by a time and did not. MS-03 (RG decision due), MS-04 and
// MS-05 (crime required within 24 hours), MS-09 (referral missing behind a decision or transfer),
// MS-10 (criminality location still unknown). SPEC §6; readings in docs/decisions.md (HOCR domain).
import { matchRule, type RuleId } from '../classify';
import type { DecisionFacts, EventRef, Facts } from '../facts';
import { addDays } from '../iso';
import { londonDate, londonMidnight, rgDueDate } from '../time';
import { firstCrimeRecordedAt, maxIso, minIso, minOf, plusHours, startOfDayAfter } from './common';
import { defineCheck, raw, type RawFinding } from './define';
import type { CheckContext } from './finding';

/**
 * The §3 rule the record would be under if no crime were recorded and it were neither cancelled nor
 * transferred away: whether a crime is owed at all. Cancellation and transfer close the finding
 * instead (decisions.md HOCR 28, 33), so its open interval is kept.
 */
export function crimeObligation(f: Facts): RuleId {
  return matchRule({ ...f, crime: null, crimes: [], cancelled: false, cancellation: null, transferredTo: null }).rule;
}

/** Hours the force has to record a crime (SPEC §6 MS-04/MS-05, NCRS standard). */
export const CRIME_RECORDING_HOURS = 24;

/**
 * The positive RG decision from which a crime is owed: of the run of positive decisions that ends the fold
 * order (the latest RG is positive), the one the force received first (a repeated positive does not
 * restart the clock). Null when the latest RG is not positive. Also the start of the summary's
 * RG-to-crime time.
 */
export function positiveRgRunStart(f: Facts): DecisionFacts | null {
  if (f.rg?.outcome !== 'POSITIVE') return null;
  let lastNegative = -1;
  f.rgDecisions.forEach((d, i) => {
    if (d.outcome === 'NEGATIVE') lastNegative = i;
  });
  return f.rgDecisions.slice(lastNegative + 1).reduce((a, b) => (b.receivedAt < a.receivedAt ? b : a));
}

export const MS03 = defineCheck({
  id: 'MS-03',
  severity: 'warning',
  title: 'No RG decision 5 working days after the referral date (chase the competent authority)',
  endsOnTransfer: true,
  find: (f) => {
    const r = f.referral;
    if (r === null || f.referralDate === null || r.referralType !== 'NRM') return [];
    const dueDate = rgDueDate(f.referralDate);
    const dueAt = startOfDayAfter(dueDate);
    const firstRg = f.rgDecisions.length === 0 ? null : f.rgDecisions.reduce((a, b) => (b.receivedAt < a.receivedAt ? b : a));
    const evidence = firstRg === null ? [r.eventId] : [r.eventId, firstRg.eventId];
    return [
      raw(
        dueAt,
        evidence,
        `No reasonable grounds decision by ${dueDate}, 5 working days after the referral date ${f.referralDate}: chase the competent authority`,
        firstRg?.receivedAt ?? null,
      ),
    ];
  },
});

/**
 * The facts as the force knew them at `t` (or just before it, `before`) for the question "is a crime owed?":
 * only the referrals, RG decisions, location determinations and transfers it had received by then (each list
 * keeps fold order). It derives those fields as the fold does; a property test holds it to the fold of the
 * events received by then.
 */
export function factsReceivedBy(f: Facts, t: string, before = false): Facts {
  const by = <T extends EventRef>(list: readonly T[]): T[] => list.filter((e) => (before ? e.receivedAt < t : e.receivedAt <= t));
  const referrals = by(f.referrals);
  const rgDecisions = by(f.rgDecisions);
  const locationDeterminations = by(f.locationDeterminations);
  const transfers = by(f.transfers);
  const referral = referrals[0] ?? null;
  const determined = locationDeterminations.at(-1) ?? null;
  return {
    ...f,
    referrals,
    referral,
    hasReferral: referral !== null,
    referralCount: referrals.length,
    referralReceivedAt: minOf(referrals.map((r) => r.receivedAt)),
    referralDate: referral === null ? null : londonDate(referral.occurredInstant),
    rgDecisions,
    rg: rgDecisions.at(-1) ?? null,
    locationDeterminations,
    criminalityLocation: determined?.criminalityLocation ?? referral?.criminalityLocation ?? null,
    criminalityLocationSource: determined !== null ? 'DETERMINED' : referral !== null ? 'REFERRAL' : null,
    transfers,
    transfer: transfers.at(-1) ?? null,
  };
}

/** A run of receipt time in which a crime was owed under one rule, and the event whose receipt ended it. */
export interface Obligation {
  /** The facts as the force knew them just before the run ended (the current facts while it runs). */
  readonly facts: Facts;
  /**
   * When the run began, for a run of a rule that an earlier run of the same rule preceded (the obligation came
   * back): its clock starts no earlier. Null for the first run of its rule, measured as the SPEC says.
   */
  readonly since: string | null;
  /** The event whose receipt ended the run, and the rule the record was under from then; null while it runs. */
  readonly withdrawnBy: EventRef | null;
  readonly then: RuleId | null;
}

/**
 * Most records: at most one referral, no location determined, and no negative RG received after a positive
 * one. Then no receipt removes a crime obligation: none is owed before the referral arrives, and after it the
 * obligation changes only when the latest RG does, which takes a negative received after a positive. So
 * the current facts are the only run.
 */
export function noObligationRemoved(f: Facts): boolean {
  if (f.referrals.length > 1 || f.locationDeterminations.length > 0) return false;
  let firstPositive: string | null = null;
  for (const d of f.rgDecisions) if (d.outcome === 'POSITIVE') firstPositive = minIso(firstPositive ?? d.receivedAt, d.receivedAt);
  if (firstPositive === null) return true;
  return f.rgDecisions.every((d) => d.outcome === 'POSITIVE' || d.receivedAt <= firstPositive);
}

const obligationsCache = new WeakMap<Facts, ReadonlyMap<RuleId, readonly Obligation[]>>();

/**
 * The runs of receipt time in which a crime was owed (decisions.md HOCR 27, "Findings follow the facts the
 * force had"): the obligation as the force knew it after each receipt of a referral, RG decision or location
 * determination. A run that a later receipt ended (an RG reconsidered negative, a location found outside
 * England and Wales) keeps its breach, withdrawn at that receipt; the run still going is judged on the
 * current facts, as before.
 */
function crimeObligations(f: Facts): ReadonlyMap<RuleId, readonly Obligation[]> {
  if (noObligationRemoved(f)) return new Map([[crimeObligation(f), [{ facts: f, since: null, withdrawnBy: null, then: null }]]]);
  let runs = obligationsCache.get(f);
  if (runs === undefined) obligationsCache.set(f, (runs = obligationRuns(f)));
  return runs;
}

/** crimeObligations without its shortcut (exported for the test that holds the shortcut to it). */
export function obligationRuns(f: Facts): Map<RuleId, Obligation[]> {
  const changes = [...f.referrals, ...f.rgDecisions, ...f.locationDeterminations].sort((a, b) =>
    a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.seq - b.seq,
  );
  const runs = new Map<RuleId, Obligation[]>();
  const add = (rule: RuleId, began: string, withdrawnBy: EventRef | null, then: RuleId | null) => {
    const earlier = runs.get(rule) ?? [];
    const facts = withdrawnBy === null ? f : factsReceivedBy(f, withdrawnBy.receivedAt, true);
    runs.set(rule, [...earlier, { facts, since: earlier.length === 0 ? null : began, withdrawnBy, then }]);
  };
  let current: { rule: RuleId; began: string } | null = null;
  for (let i = 0; i < changes.length; i++) {
    const at = changes[i].receivedAt;
    if (i + 1 < changes.length && changes[i + 1].receivedAt === at) continue; // one step per instant
    const rule = crimeObligation(i === changes.length - 1 ? f : factsReceivedBy(f, at));
    if (current === null || current.rule !== rule) {
      if (current !== null) add(current.rule, current.began, changes[i], rule);
      current = { rule, began: at };
    }
  }
  if (current !== null) add(current.rule, current.began, null, null);
  return runs;
}

/**
 * A crime-owed finding for each run of `rule`: `finding` judges the run's facts, from the run's start when the
 * obligation came back; a run ended by a later receipt is resolved then at the latest, and says so.
 */
function perObligation(f: Facts, rule: RuleId, finding: (known: Facts, since: string | null) => RawFinding | null): RawFinding[] {
  const out: RawFinding[] = [];
  for (const run of crimeObligations(f).get(rule) ?? []) {
    const x = finding(run.facts, run.since);
    if (x === null) continue;
    const w = run.withdrawnBy;
    if (w === null || (x.resolvedAt !== null && x.resolvedAt <= w.receivedAt)) {
      out.push(x);
      continue;
    }
    out.push({
      dueAt: x.dueAt,
      resolvedAt: x.resolvedAt === null ? w.receivedAt : minIso(x.resolvedAt, w.receivedAt),
      evidence: [...x.evidence.slice(0, 1), w.eventId],
      message: `${x.message}; withdrawn at ${w.receivedAt}, when an event received then put the record under rule ${run.then}`,
    });
  }
  return out;
}

/**
 * When the 24 hours to record a crime after a positive RG start (MS-04, and the summary's RG-to-crime time): the
 * force's receipt of the positive RG the crime is owed from, no earlier than the force held the referral
 * (`heldFrom`), nor than `since`. Null when the latest RG is not positive.
 */
export function rgCrimeClockStart(
  f: Facts,
  ctx: Pick<CheckContext, 'heldFrom'>,
  since: string | null = null,
): { at: string; rg: DecisionFacts } | null {
  const positive = positiveRgRunStart(f);
  if (positive === null) return null;
  let at = positive.receivedAt;
  for (const floor of [ctx.heldFrom ?? null, since]) if (floor !== null) at = maxIso(at, floor);
  return { at, rg: positive };
}

export const MS04 = defineCheck({
  id: 'MS-04',
  severity: 'error',
  title:
    'Crime required after a positive RG (rule RG_POSITIVE_EW), no CRIME_RECORDED within 24 hours of the force receiving the RG decision',
  endsOnTransfer: true,
  find: (facts, ctx) =>
    perObligation(facts, 'RG_POSITIVE_EW', (f, since) => {
      const start = rgCrimeClockStart(f, ctx, since);
      if (start === null) return null;
      const positive = start.rg;
      const dueAt = plusHours(start.at, CRIME_RECORDING_HOURS);
      const crime = firstCrimeRecordedAt(f);
      return raw(
        dueAt,
        crime === null ? [positive.eventId] : [positive.eventId, crime.crime.eventId],
        `Positive reasonable grounds decision received ${positive.receivedAt} in England and Wales: a crime must be recorded within ${CRIME_RECORDING_HOURS} hours`,
        crime?.at ?? null,
      );
    }),
});

export const MS05 = defineCheck({
  id: 'MS-05',
  severity: 'error',
  title:
    'Crime required for a police referral, direct report or police DtN (rule POLICE_REFERRAL_EW), no CRIME_RECORDED within 24 hours of receipt',
  endsOnTransfer: true,
  find: (facts, ctx) =>
    perObligation(facts, 'POLICE_REFERRAL_EW', (f, since) => {
      if (f.referral === null || f.referralReceivedAt === null) return null;
      let start = f.referralReceivedAt;
      for (const floor of [ctx.heldFrom ?? null, since]) if (floor !== null) start = maxIso(start, floor);
      const dueAt = plusHours(start, CRIME_RECORDING_HOURS);
      const crime = firstCrimeRecordedAt(f);
      const route =
        f.referral.source === 'DIRECT_REPORT'
          ? 'direct report'
          : f.referral.source === 'POLICE_REFERRAL'
            ? 'police referral'
            : 'police Duty to Notify referral';
      return raw(
        dueAt,
        crime === null ? [f.referral.eventId] : [f.referral.eventId, crime.crime.eventId],
        `A ${route} in England and Wales received ${start}: a crime must be recorded within ${CRIME_RECORDING_HOURS} hours`,
        crime?.at ?? null,
      );
    }),
});

export const MS09 = defineCheck({
  id: 'MS-09',
  severity: 'error',
  title: 'Decision or transfer received but no REFERRAL_RECEIVED within 24 hours',
  endsOnTransfer: false,
  find: (f) => {
    const first = f.firstDecisionOrTransfer;
    if (first === null) return [];
    const dueAt = plusHours(first.receivedAt, 24);
    const evidence = f.referral === null ? [first.eventId] : [first.eventId, f.referral.eventId];
    return [
      raw(
        dueAt,
        evidence,
        `A decision or transfer was received ${first.receivedAt} with no REFERRAL_RECEIVED for the record within 24 hours`,
        f.referralReceivedAt,
      ),
    ];
  },
});

/** Calendar days after the referral date by which the criminality location should be known (SPEC §6 MS-10). */
export const LOCATION_DAYS = 30;

export const MS10 = defineCheck({
  id: 'MS-10',
  severity: 'warning',
  title: 'Criminality location still UNKNOWN 30 days after the referral',
  endsOnTransfer: true,
  find: (f) => {
    const r = f.referral;
    if (r === null || f.referralDate === null) return [];
    const referralKnown = r.criminalityLocation !== 'UNKNOWN';
    const currentKnown = f.criminalityLocation !== null && f.criminalityLocation !== 'UNKNOWN';
    if (referralKnown && currentKnown) return [];
    const dueDate = addDays(f.referralDate, LOCATION_DAYS);
    const dueAt = londonMidnight(dueDate);
    // Known since the first determination received that named a location (decisions.md HOCR 38).
    const known = f.locationDeterminations.filter((d) => d.criminalityLocation !== 'UNKNOWN');
    const resolvedAt = currentKnown ? minOf(known.map((d) => d.receivedAt)) : null;
    const evidence = [r.eventId, ...f.locationDeterminations.map((d) => d.eventId)];
    return [
      raw(
        dueAt,
        evidence,
        `Criminality location still unknown on ${dueDate}, ${LOCATION_DAYS} days after the referral date ${f.referralDate}`,
        resolvedAt,
      ),
    ];
  },
});
