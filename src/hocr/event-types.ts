// The wire contract, version 1 (SPEC §4): enums as `as const` arrays (the validator and the OpenAPI
// document read them) and the normalised event as a discriminated union on `type`.
import type { ForceCode } from './forces';
import { parseIsoDate } from './iso';
import { londonMidnightMs, toEpochMs } from './time';

export const CONTRACT_VERSION = 1;

export const EVENT_TYPES = [
  'REFERRAL_RECEIVED',
  'RG_DECISION',
  'CG_DECISION',
  'CRIMINALITY_LOCATION_DETERMINED',
  'TRANSFERRED',
  'CRIME_RECORDED',
  'RECORD_CANCELLED',
] as const;
export type HocrEventType = (typeof EVENT_TYPES)[number];

export const REFERRAL_TYPES = ['NRM', 'DTN'] as const;
export type ReferralType = (typeof REFERRAL_TYPES)[number];

export const REFERRAL_SOURCES = ['COMPETENT_AUTHORITY', 'POLICE_REFERRAL', 'DIRECT_REPORT'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

export const FIRST_RESPONDER_TYPES = ['POLICE', 'LOCAL_AUTHORITY', 'GOVERNMENT_AGENCY', 'NGO'] as const;
export type FirstResponderType = (typeof FIRST_RESPONDER_TYPES)[number];

export const AGE_GROUPS = ['ADULT', 'CHILD', 'UNKNOWN'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const EXPLOITATION_TYPES = [
  'LABOUR',
  'SEXUAL',
  'CRIMINAL',
  'DOMESTIC_SERVITUDE',
  'ORGAN_HARVESTING',
  'OTHER',
  'NOT_SPECIFIED',
] as const;
export type ExploitationType = (typeof EXPLOITATION_TYPES)[number];

export const EXPLOITATION_LOCATIONS = ['UK', 'OVERSEAS', 'BOTH', 'UNKNOWN'] as const;
export type ExploitationLocation = (typeof EXPLOITATION_LOCATIONS)[number];

export const CRIMINALITY_LOCATIONS = ['ENGLAND_AND_WALES', 'OUTSIDE_ENGLAND_AND_WALES', 'UNKNOWN'] as const;
export type CriminalityLocation = (typeof CRIMINALITY_LOCATIONS)[number];

export const DECISION_OUTCOMES = ['POSITIVE', 'NEGATIVE'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const DECISION_MAKERS = ['SCA', 'IECA', 'UKHTC', 'UKVI', 'SSL', 'MDP', 'DEVOLVED_CHILD_PILOT'] as const;
export type DecisionMaker = (typeof DECISION_MAKERS)[number];

export const OFFENCES = [
  'SLAVERY_OR_SERVITUDE', // MSA s1(1)(a)
  'FORCED_LABOUR', // MSA s1(1)(b)
  'TRAFFICKING_TRAVEL', // MSA s2
  'PREPARATORY_KIDNAP', // MSA s4, by kidnapping or false imprisonment
  'PREPARATORY_OTHER', // MSA s4, otherwise
] as const;
export type Offence = (typeof OFFENCES)[number];

export const CANCELLATION_REASONS = ['DUPLICATE', 'RECORDED_IN_ERROR', 'NO_OFFENCE_AVI'] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

/** Fields every event carries (SPEC §4 envelope). */
export interface EventEnvelope {
  readonly eventId: string;
  readonly force: ForceCode;
  readonly referralRef: string;
  /** As given: `YYYY-MM-DD` (a London date) or a date-time with offset. See occurredInstant(). */
  readonly occurredAt: string;
  /** As given; absent means "when the service received it" (the StoredEvent carries that). */
  readonly receivedAt?: string;
}

export interface FirstResponder {
  readonly type: FirstResponderType;
  readonly organisation: string;
}

export interface Victim {
  readonly ageGroup: AgeGroup;
  readonly ageDisputed: boolean;
  /** Absent: consent not recorded (MS-07). */
  readonly consentToNrm?: boolean;
}

export interface ReferralReceivedEvent extends EventEnvelope {
  readonly type: 'REFERRAL_RECEIVED';
  readonly referralType: ReferralType;
  readonly source: ReferralSource;
  readonly firstResponder: FirstResponder;
  readonly victim: Victim;
  /** De-duplicated, in EXPLOITATION_TYPES order. */
  readonly exploitationTypes: readonly ExploitationType[];
  readonly exploitationLocation: ExploitationLocation;
  /** Always present once normalised: the SPEC §4 default is derived from exploitationLocation. */
  readonly criminalityLocation: CriminalityLocation;
  readonly crimeReference?: string;
  readonly recordedAt?: string;
}

export interface DecisionFields extends EventEnvelope {
  readonly outcome: DecisionOutcome;
  readonly decisionMaker: DecisionMaker;
  /** Defaults to false (SPEC §4). */
  readonly reconsideration: boolean;
}

export interface RgDecisionEvent extends DecisionFields {
  readonly type: 'RG_DECISION';
}

export interface CgDecisionEvent extends DecisionFields {
  readonly type: 'CG_DECISION';
}

export interface CriminalityLocationDeterminedEvent extends EventEnvelope {
  readonly type: 'CRIMINALITY_LOCATION_DETERMINED';
  readonly criminalityLocation: CriminalityLocation;
}

export interface TransferredEvent extends EventEnvelope {
  readonly type: 'TRANSFERRED';
  readonly toForce: ForceCode;
}

export interface CrimeRecordedEvent extends EventEnvelope {
  readonly type: 'CRIME_RECORDED';
  readonly crimeReference: string;
  readonly offence: Offence;
}

export interface RecordCancelledEvent extends EventEnvelope {
  readonly type: 'RECORD_CANCELLED';
  readonly reason: CancellationReason;
  readonly authorisedBy: string;
}

export type HocrEvent =
  | ReferralReceivedEvent
  | RgDecisionEvent
  | CgDecisionEvent
  | CriminalityLocationDeterminedEvent
  | TransferredEvent
  | CrimeRecordedEvent
  | RecordCancelledEvent;

export type DecisionEvent = RgDecisionEvent | CgDecisionEvent;

/** SPEC §4 default for a referral without `criminalityLocation`. */
export function defaultCriminalityLocation(location: ExploitationLocation): CriminalityLocation {
  switch (location) {
    case 'OVERSEAS':
      return 'OUTSIDE_ENGLAND_AND_WALES';
    case 'UK':
    case 'BOTH':
      return 'ENGLAND_AND_WALES';
    case 'UNKNOWN':
      return 'UNKNOWN';
  }
}

/**
 * Epoch ms of `occurredAt`: a date alone is 00:00 Europe/London of that date (SPEC §4), a date-time
 * is its instant. Only call on validated events (throws on malformed input).
 */
export function occurredInstantMs(event: Pick<EventEnvelope, 'occurredAt'>): number {
  const value = event.occurredAt;
  if (value.length === 10 && parseIsoDate(value)) return londonMidnightMs(value);
  return toEpochMs(value);
}

/** `occurredAt` as an ISO UTC instant ('2024-06-01' → '2024-05-31T23:00:00.000Z'). */
export function occurredInstant(event: Pick<EventEnvelope, 'occurredAt'>): string {
  return new Date(occurredInstantMs(event)).toISOString();
}
