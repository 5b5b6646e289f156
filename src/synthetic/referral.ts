// One synthetic referral and its whole event history (issue 6), as a pure function of a random
// stream. Shares and timings are the published shapes the issue names; everything else is a
// documented guess (see bench/generator/README.md).
import type {
  AgeGroup,
  CancellationReason,
  CriminalityLocation,
  DecisionMaker,
  DecisionOutcome,
  ExploitationLocation,
  ExploitationType,
  FirstResponderType,
  HocrEventType,
  Offence,
  ReferralSource,
} from '../hocr/event-types';
import { recoveryPeriodDays, recoveryPeriodEnd } from '../hocr/decision-makers';
import { FORCES, isPilotForce, type ForceCode } from '../hocr/forces';
import { addDays } from '../hocr/iso';
import { addWorkingDays, londonMidnightMs } from '../hocr/time';
import { Weighted, type Rng } from './prng';
import type { ReferralKind } from './volumes';

// ---- shares (issue 6) ----------------------------------------------------------------------------

export const SHARES = {
  /** Children among NRM referrals (DtN reports are always adults). */
  childOfNrm: 0.43,
  /** Age not known, among NRM referrals. */
  unknownAgeOfNrm: 0.01,
  /** Age disputed, among children. */
  ageDisputedOfChildren: 0.04,
  /** Police first responders among all referrals. */
  police: 0.23,
  /** Of police first responders: the owning force itself (POLICE_REFERRAL), a direct report, another force. */
  policeOwnForce: 0.8,
  policeDirectReport: 0.05,
  /** Positive RG decisions, by decision date. */
  rgPositiveBefore2023: 0.9,
  rgPositiveFrom2023: 0.55,
  cgPositive: 0.88,
  rgReconsidered: 0.03,
  cgReconsidered: 0.02,
  /** Adult NRM cases handled as immigration cases (IECA from 2021-11-08, UKVI before 2019-04-29). */
  immigrationOfAdults: 0.12,
  transferred: 0.02,
  cancelled: 0.005,
} as const;

export const EXPLOITATION_LOCATION_SHARES: readonly (readonly [ExploitationLocation, number])[] = [
  ['UK', 0.49],
  ['OVERSEAS', 0.36],
  ['BOTH', 0.14],
  ['UNKNOWN', 0.01],
];

/** Share of children decided by the devolved child decision-making pilot, by RG decision date. */
function childPilotShare(date: string): number {
  if (date < '2021-06-01') return 0;
  return date < '2023-02-01' ? 0.15 : 0.3;
}

function rgPositiveShare(date: string): number {
  return date < '2023-01-01' ? SHARES.rgPositiveBefore2023 : SHARES.rgPositiveFrom2023;
}

// ---- rule breaches -------------------------------------------------------------------------------

export const BREACH_KINDS = [
  'DTN_CHILD', // MS-06
  'DECISION_ON_DTN', // MS-11
  'CPS_FIRST_RESPONDER', // MS-13
  'CG_TOO_EARLY', // MS-08
  'DECISION_MAKER_INVALID', // MS-12
  'MISSING_CONSENT', // MS-07
  'LATE_CRIME', // MS-04 / MS-05
  'DECISION_BEFORE_REFERRAL', // accept and flag (SPEC §4)
  'LATE_RG', // MS-03
  'LATE_RECORD', // MS-02
  'LOCATION_LATE', // MS-10
] as const;
export type BreachKind = (typeof BREACH_KINDS)[number];

// ---- first responders ----------------------------------------------------------------------------

const LOCAL_AUTHORITIES = [
  'Birmingham City Council',
  'Kent County Council',
  'Leeds City Council',
  'Manchester City Council',
  'London Borough of Croydon',
  'London Borough of Hillingdon',
  'Cardiff Council',
  'Essex County Council',
  'Bristol City Council',
  'Liverpool City Council',
  'Hampshire County Council',
  'Sheffield City Council',
];
const GOVERNMENT_AGENCIES = [
  'UK Visas and Immigration',
  'Border Force',
  'Immigration Enforcement',
  'National Crime Agency',
  'Gangmasters and Labour Abuse Authority',
];
const NGOS = [
  'The Salvation Army',
  'Migrant Help',
  "Barnardo's",
  'Medaille Trust',
  'Kalayaan',
  'Unseen',
  'BAWSO',
  'New Pathways',
  'Refugee Council',
  'NSPCC CTAC',
];
export const ORGANISATIONS: Readonly<Record<Exclude<FirstResponderType, 'POLICE'>, readonly string[]>> = {
  LOCAL_AUTHORITY: LOCAL_AUTHORITIES,
  GOVERNMENT_AGENCY: GOVERNMENT_AGENCIES,
  NGO: NGOS,
};
const NON_POLICE: Readonly<Record<ReferralKind, Weighted<Exclude<FirstResponderType, 'POLICE'>>>> = {
  NRM: new Weighted([
    ['LOCAL_AUTHORITY', 0.3],
    ['GOVERNMENT_AGENCY', 0.5],
    ['NGO', 0.2],
  ]),
  // Duty to Notify falls on public authorities: no NGOs.
  DTN: new Weighted([
    ['LOCAL_AUTHORITY', 0.2],
    ['GOVERNMENT_AGENCY', 0.8],
  ]),
};

// ---- other tables --------------------------------------------------------------------------------

export const FORCE_WEIGHTS = new Weighted<ForceCode>(FORCES.map((f) => [f.code, f.policeNrmReferrals2023] as const));
const FORCE_NAME: ReadonlyMap<string, string> = new Map(FORCES.map((f) => [f.code, f.name]));
const LOCATIONS = new Weighted(EXPLOITATION_LOCATION_SHARES);
const ADULT_TYPES = new Weighted<ExploitationType>([
  ['LABOUR', 0.38],
  ['SEXUAL', 0.22],
  ['CRIMINAL', 0.22],
  ['DOMESTIC_SERVITUDE', 0.08],
  ['ORGAN_HARVESTING', 0.001],
  ['OTHER', 0.02],
  ['NOT_SPECIFIED', 0.08],
]);
const CHILD_TYPES = new Weighted<ExploitationType>([
  ['CRIMINAL', 0.6],
  ['SEXUAL', 0.15],
  ['LABOUR', 0.08],
  ['DOMESTIC_SERVITUDE', 0.03],
  ['OTHER', 0.02],
  ['NOT_SPECIFIED', 0.12],
]);
const OFFENCE_WEIGHTS = new Weighted<Offence>([
  ['TRAFFICKING_TRAVEL', 0.4],
  ['FORCED_LABOUR', 0.3],
  ['SLAVERY_OR_SERVITUDE', 0.15],
  ['PREPARATORY_KIDNAP', 0.05],
  ['PREPARATORY_OTHER', 0.1],
]);
const CANCEL_REASONS = new Weighted<CancellationReason>([
  ['DUPLICATE', 0.5],
  ['RECORDED_IN_ERROR', 0.3],
  ['NO_OFFENCE_AVI', 0.2],
]);
/** RG decision in 1–5 working days after the referral date (the target is 5). */
const RG_WORKING_DAYS = new Weighted<number>([
  [1, 0.1],
  [2, 0.2],
  [3, 0.25],
  [4, 0.25],
  [5, 0.2],
]);

// ---- output --------------------------------------------------------------------------------------

/** A wire event (SPEC §4), keys in a fixed order so equal content serialises equally. */
export type SyntheticEvent = { eventId: string; type: HocrEventType; force: string; referralRef: string; occurredAt: string } & Record<
  string,
  unknown
>;

export interface ReferralSpec {
  /** Global ordinal of the referral (stable for a seed and scale whatever the period). */
  readonly ordinal: number;
  readonly ref: string;
  readonly kind: ReferralKind;
  /** London date of the referral (YYYY-MM-DD). */
  readonly date: string;
  readonly seed: number;
  /** Probability that this referral carries one rule breach. */
  readonly breachRate: number;
}

export interface BuiltReferral {
  /** Sorted by receivedAt (the order the force learned them); not cut at any horizon. */
  readonly events: SyntheticEvent[];
  /** receivedAt in epoch ms, parallel to `events`. */
  readonly receivedMs: number[];
  readonly force: ForceCode;
  readonly ageGroup: AgeGroup;
  readonly police: boolean;
  readonly location: ExploitationLocation;
  readonly breach: BreachKind | null;
  readonly transferred: boolean;
  readonly cancelled: boolean;
}

interface Draft {
  type: HocrEventType;
  occurredMs: number;
  receivedMs: number;
  fields: Record<string, unknown>;
}

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19) + 'Z';
}

/** An instant on a London date between two local hours. */
function onDate(rng: Rng, date: string, fromHour: number, toHour: number): number {
  return londonMidnightMs(date) + fromHour * HOUR + Math.floor(rng.float() * (toHour - fromHour) * 60) * MIN + rng.int(0, 59) * 1000;
}

function otherForce(rng: Rng, not: string, territorialOnly: boolean): ForceCode {
  for (;;) {
    const f = FORCE_WEIGHTS.pick(rng);
    if (f !== not && !(territorialOnly && f === 'BTP')) return f;
  }
}

interface MakerContext {
  force: ForceCode;
  child: boolean;
  immigration: boolean;
  childPilot: boolean;
}

/** A decision maker valid on the date for the stage (SPEC §1 [decision], src/hocr/decision-makers.ts). */
export function validMaker(stage: 'RG' | 'CG', date: string, ctx: MakerContext): DecisionMaker {
  if (date < '2019-04-29') {
    if (isPilotForce(ctx.force) && date >= '2015-07-31') return stage === 'RG' ? 'SSL' : 'MDP';
    return ctx.immigration ? 'UKVI' : 'UKHTC';
  }
  if (ctx.child && ctx.childPilot && date >= '2021-06-01') return 'DEVOLVED_CHILD_PILOT';
  if (ctx.immigration && date >= '2021-11-08') return 'IECA';
  return 'SCA';
}

function invalidMaker(rng: Rng, date: string, adult: boolean): DecisionMaker {
  const options: DecisionMaker[] = date < '2019-04-29' ? ['SCA', 'IECA'] : ['UKHTC', 'UKVI', 'MDP'];
  if (date >= '2019-04-29' && date < '2021-11-08') options.push('IECA');
  if (adult) options.push('DEVOLVED_CHILD_PILOT');
  return rng.pick(options);
}

/**
 * Builds one referral's history. The random stream is consumed in a fixed order, so the result is a
 * pure function of (rng state, spec).
 */
export function buildReferral(rng: Rng, spec: ReferralSpec): BuiltReferral {
  const kind = spec.kind;
  const owner = FORCE_WEIGHTS.pick(rng);
  let force: ForceCode = owner;

  // -- victim
  let ageGroup: AgeGroup = 'ADULT';
  let ageDisputed = false;
  if (kind === 'NRM') {
    const u = rng.float();
    if (u < SHARES.childOfNrm) {
      ageGroup = 'CHILD';
      ageDisputed = rng.chance(SHARES.ageDisputedOfChildren);
    } else if (u < SHARES.childOfNrm + SHARES.unknownAgeOfNrm) ageGroup = 'UNKNOWN';
  }
  const location = LOCATIONS.pick(rng);

  // -- first responder and source
  const police = rng.chance(SHARES.police);
  let source: ReferralSource = 'COMPETENT_AUTHORITY';
  let frType: FirstResponderType;
  let organisation: string;
  if (police) {
    frType = 'POLICE';
    const u = rng.float();
    if (u < SHARES.policeOwnForce) source = 'POLICE_REFERRAL';
    else if (u < SHARES.policeOwnForce + SHARES.policeDirectReport) source = 'DIRECT_REPORT';
    organisation = FORCE_NAME.get(source === 'COMPETENT_AUTHORITY' ? otherForce(rng, owner, false) : owner)!;
  } else {
    frType = NON_POLICE[kind].pick(rng);
    organisation = rng.pick(ORGANISATIONS[frType]);
  }

  const primary = (ageGroup === 'CHILD' ? CHILD_TYPES : ADULT_TYPES).pick(rng);
  const types = new Set<ExploitationType>([primary]);
  if (primary !== 'NOT_SPECIFIED' && rng.chance(0.12)) {
    const second = ADULT_TYPES.pick(rng);
    if (second !== 'NOT_SPECIFIED') types.add(second);
  }

  const immigration = ageGroup === 'ADULT' && kind === 'NRM' && rng.chance(SHARES.immigrationOfAdults);
  const pilotDraw = rng.float();

  // -- decisions (outcomes first: which breaches apply depends on them)
  const nrm = kind === 'NRM';
  const rgOutcomeDraw = rng.float();
  const rgReconsidered = nrm && rng.chance(SHARES.rgReconsidered);
  const cgOutcome: DecisionOutcome = rng.chance(SHARES.cgPositive) ? 'POSITIVE' : 'NEGATIVE';
  const cgReconsidered = rng.chance(SHARES.cgReconsidered);
  const transferred = rng.chance(SHARES.transferred);
  const cancelled = rng.chance(SHARES.cancelled);
  const determinedOutside = rng.chance(0.3);

  // The RG date (before breaches) fixes the positive share: by decision date.
  const rgWorkingDays = RG_WORKING_DAYS.pick(rng);
  let rgDate = addWorkingDays(spec.date, rgWorkingDays);
  const rgOutcome: DecisionOutcome = rgOutcomeDraw < rgPositiveShare(rgDate) ? 'POSITIVE' : 'NEGATIVE';
  const rgFinal: DecisionOutcome = rgReconsidered ? (rgOutcome === 'POSITIVE' ? 'NEGATIVE' : 'POSITIVE') : rgOutcome;
  const inEw = location !== 'OVERSEAS' && !(location === 'UNKNOWN' && determinedOutside);
  // Rule 9 (SPEC §3): a police referral, a direct report, or a DtN made by any police force.
  const policeRoute = source !== 'COMPETENT_AUTHORITY' || (kind === 'DTN' && frType === 'POLICE');
  const crimeRequired = inEw && (policeRoute || (nrm && (rgOutcome === 'POSITIVE' || rgFinal === 'POSITIVE')));

  // -- one breach, of a kind that applies to this referral
  let breach: BreachKind | null = null;
  if (rng.chance(spec.breachRate)) {
    const applicable: BreachKind[] = ['CPS_FIRST_RESPONDER', 'LATE_RECORD'];
    if (!nrm) applicable.push('DTN_CHILD', 'DECISION_ON_DTN');
    if (nrm) applicable.push('DECISION_MAKER_INVALID', 'DECISION_BEFORE_REFERRAL', 'LATE_RG');
    if (nrm && ageGroup === 'ADULT') applicable.push('MISSING_CONSENT');
    if (nrm && rgFinal === 'POSITIVE') applicable.push('CG_TOO_EARLY');
    if (crimeRequired) applicable.push('LATE_CRIME');
    if (location === 'UNKNOWN') applicable.push('LOCATION_LATE');
    breach = rng.pick(applicable);
  }
  const breachDraw = rng.float();

  if (breach === 'DTN_CHILD') {
    if (breachDraw < 0.7) ageGroup = 'CHILD';
    else ageDisputed = true;
  }
  if (breach === 'CPS_FIRST_RESPONDER') {
    frType = 'GOVERNMENT_AGENCY';
    organisation = breachDraw < 0.5 ? 'Crown Prosecution Service' : 'CPS';
    source = 'COMPETENT_AUTHORITY';
  }
  if (breach === 'LATE_RG') rgDate = addWorkingDays(spec.date, rng.int(6, 40));
  if (breach === 'DECISION_BEFORE_REFERRAL') rgDate = addDays(spec.date, -rng.int(1, 10));

  const drafts: Draft[] = [];
  const add = (type: HocrEventType, occurredMs: number, receivedMs: number, fields: Record<string, unknown>): void => {
    drafts.push({ type, occurredMs, receivedMs, fields });
  };

  // -- REFERRAL_RECEIVED
  const refMs = onDate(rng, spec.date, 8, 19);
  const refReceived = source === 'COMPETENT_AUTHORITY' ? refMs + rng.int(20, 6 * 60) * MIN : refMs + rng.int(0, 30) * MIN;
  const recordedAt = breach === 'LATE_RECORD' ? refReceived + rng.int(26, 240) * HOUR : refReceived + rng.int(5, 12 * 60) * MIN;
  const victim: Record<string, unknown> = { ageGroup, ageDisputed };
  if (!nrm) victim.consentToNrm = false;
  else if (ageGroup !== 'CHILD' && breach !== 'MISSING_CONSENT') victim.consentToNrm = true;
  add('REFERRAL_RECEIVED', refMs, refReceived, {
    recordedAt: iso(recordedAt),
    referralType: kind,
    source,
    firstResponder: { type: frType, organisation },
    victim,
    exploitationTypes: [...types],
    exploitationLocation: location,
  });

  // -- location determination for UNKNOWN
  if (location === 'UNKNOWN') {
    const days = breach === 'LOCATION_LATE' ? rng.int(32, 120) : rng.int(3, 28);
    const at = onDate(rng, addDays(spec.date, days), 9, 17);
    const criminalityLocation: CriminalityLocation = determinedOutside ? 'OUTSIDE_ENGLAND_AND_WALES' : 'ENGLAND_AND_WALES';
    add('CRIMINALITY_LOCATION_DETERMINED', at, at + rng.int(10, 8 * 60) * MIN, { criminalityLocation });
  }

  // -- decisions
  const child = ageGroup === 'CHILD';
  const ctx: MakerContext = { force: owner, child, immigration, childPilot: pilotDraw < childPilotShare(rgDate) };
  const decision = (
    type: 'RG_DECISION' | 'CG_DECISION',
    date: string,
    outcome: DecisionOutcome,
    reconsideration: boolean,
    invalid: boolean,
  ): Draft => {
    const at = onDate(rng, date, 9, 16);
    const stage = type === 'RG_DECISION' ? 'RG' : 'CG';
    const decisionMaker = invalid ? invalidMaker(rng, date, ageGroup === 'ADULT' && !ageDisputed) : validMaker(stage, date, ctx);
    const d: Draft = {
      type,
      occurredMs: at,
      receivedMs: at + rng.int(10, 5 * 60) * MIN,
      fields: { outcome, decisionMaker, reconsideration },
    };
    drafts.push(d);
    return d;
  };

  let crimeFrom: number | null = policeRoute && crimeRequired ? refReceived : null;
  let crimeAt: number | null = null;
  if (nrm || breach === 'DECISION_ON_DTN') {
    const outcome = nrm ? rgOutcome : 'NEGATIVE';
    const rg = decision('RG_DECISION', rgDate, outcome, false, breach === 'DECISION_MAKER_INVALID');
    let positiveRg: Draft | null = outcome === 'POSITIVE' ? rg : null;
    if (positiveRg && crimeRequired && crimeFrom === null) crimeFrom = positiveRg.receivedMs;
    if (rgReconsidered) {
      const recon = decision('RG_DECISION', addDays(rgDate, rng.int(14, 90)), rgFinal, true, false);
      positiveRg = rgFinal === 'POSITIVE' ? recon : null;
      if (positiveRg && crimeRequired && crimeFrom === null) crimeFrom = positiveRg.receivedMs;
    }
    if (nrm && positiveRg !== null) {
      // The recovery period runs from the positive RG that stands (SPEC §1).
      const basis = londonDateOfDraft(positiveRg);
      const cgDate =
        breach === 'CG_TOO_EARLY'
          ? addDays(basis, rng.int(3, recoveryPeriodDays(basis) - 1))
          : addDays(recoveryPeriodEnd(basis), Math.min(720, Math.floor(rng.exp(150))));
      decision('CG_DECISION', cgDate, cgOutcome, false, false);
      if (cgReconsidered) {
        decision('CG_DECISION', addDays(cgDate, rng.int(30, 180)), cgOutcome === 'POSITIVE' ? 'NEGATIVE' : 'POSITIVE', true, false);
      }
    }
  }

  // -- crime recorded
  if (crimeFrom !== null) {
    let at: number | null = crimeFrom + rng.int(10, 18 * 60) * MIN;
    if (breach === 'LATE_CRIME') at = breachDraw < 0.2 ? null : crimeFrom + rng.int(2, 60) * DAY + rng.int(0, 8 * 60) * MIN;
    crimeAt = at;
    if (at !== null) {
      const year = spec.date.slice(0, 4);
      add('CRIME_RECORDED', at, at + rng.int(1, 30) * MIN, {
        crimeReference: `${owner}-${year}-${String(spec.ordinal).padStart(7, '0')}`,
        offence: OFFENCE_WEIGHTS.pick(rng),
      });
    }
  }

  // -- transfer and cancellation (events after them belong to the receiving force, or are dropped)
  let transferMs = Infinity;
  let toForce: ForceCode | null = null;
  if (transferred) {
    toForce = otherForce(rng, owner, true);
    transferMs = onDate(rng, addDays(spec.date, rng.int(1, 20)), 9, 17);
    const transferReceived = transferMs + rng.int(1, 120) * MIN;
    add('TRANSFERRED', transferMs, transferReceived, { toForce });
    // The receiving force's record carries the facts but not the sender's crime: when a crime was
    // already owed, the receiving force records its own within a day of the transfer (MS-04/MS-05).
    if (crimeFrom !== null && crimeFrom <= transferReceived && (crimeAt === null || crimeAt <= transferMs)) {
      const at = transferReceived + rng.int(10, 18 * 60) * MIN;
      add('CRIME_RECORDED', at, at + rng.int(1, 30) * MIN, {
        crimeReference: `${toForce}-${spec.date.slice(0, 4)}-${String(spec.ordinal).padStart(7, '0')}`,
        offence: OFFENCE_WEIGHTS.pick(rng),
      });
    }
  }
  let cancelMs = Infinity;
  if (cancelled) {
    cancelMs = onDate(rng, addDays(spec.date, rng.int(2, 60)), 9, 17);
    add('RECORD_CANCELLED', cancelMs, cancelMs + rng.int(1, 60) * MIN, {
      reason: CANCEL_REASONS.pick(rng),
      authorisedBy: 'Force Crime Registrar',
    });
  }

  const kept = drafts.filter((d) => d.type === 'RECORD_CANCELLED' || d.occurredMs <= cancelMs);
  kept.sort((a, b) => a.receivedMs - b.receivedMs || a.occurredMs - b.occurredMs);
  const events: SyntheticEvent[] = [];
  const receivedMs: number[] = [];
  kept.forEach((d, k) => {
    force = toForce !== null && d.type !== 'TRANSFERRED' && d.occurredMs > transferMs ? toForce : owner;
    events.push({
      eventId: `g${spec.seed}-${spec.ordinal}-${k}`,
      type: d.type,
      force,
      referralRef: spec.ref,
      occurredAt: iso(d.occurredMs),
      receivedAt: iso(d.receivedMs),
      ...d.fields,
    });
    receivedMs.push(d.receivedMs);
  });
  return {
    events,
    receivedMs,
    force: owner,
    ageGroup,
    police,
    location,
    breach,
    transferred: kept.some((d) => d.type === 'TRANSFERRED'),
    cancelled: kept.some((d) => d.type === 'RECORD_CANCELLED'),
  };
}

function londonDateOfDraft(d: Draft): string {
  // Decisions are made 09:00–16:00 London time, so the UTC date is the London date.
  return new Date(d.occurredMs).toISOString().slice(0, 10);
}
