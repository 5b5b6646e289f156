// The facts of one record: the fold of its events (SPEC §3 "facts is the fold of a record's events").
// Plain JSON data, so the records table can keep them and the §6 checks (MS-01..MS-13) can be pure
// functions over them. Instants are ISO UTC strings ('2024-06-01T09:00:00.000Z').
import type {
  CancellationReason,
  CriminalityLocation,
  DecisionMaker,
  DecisionOutcome,
  ExploitationLocation,
  ExploitationType,
  FirstResponder,
  HocrEvent,
  Offence,
  ReferralSource,
  ReferralType,
  Victim,
} from './event-types';
import type { ForceCode } from './forces';

/** An event as the service stored it: the two clocks of SPEC §5 plus arrival order. */
export interface StoredEvent {
  readonly event: HocrEvent;
  /** Arrival order at the service: the last tie-breaker of the fold (SPEC §4). */
  readonly seq: number;
  /** When the force received it: event.receivedAt, else when the service received it. ISO instant. */
  readonly receivedAt: string;
  /** When the service stored it (system time). ISO instant. */
  readonly storedAt: string;
  /**
   * The force that sent it, when a receiving force's record carries it from a force that transferred the
   * referral there (src/records/refold.ts presents such events as the record's own); absent for its own.
   */
  readonly sentBy?: string;
}

/** Where an event sits on both clocks; every fact below carries it as evidence. */
export interface EventRef {
  readonly eventId: string;
  /** As sent. */
  readonly occurredAt: string;
  /** occurredAt as an instant (a date alone is 00:00 Europe/London). */
  readonly occurredInstant: string;
  readonly receivedAt: string;
  readonly storedAt: string;
  readonly seq: number;
}

export interface ReferralFacts extends EventRef {
  readonly referralType: ReferralType;
  readonly source: ReferralSource;
  readonly firstResponder: FirstResponder;
  readonly victim: Victim;
  readonly exploitationTypes: readonly ExploitationType[];
  readonly exploitationLocation: ExploitationLocation;
  /** As on this referral (after the SPEC §4 default); Facts.criminalityLocation is the current one. */
  readonly criminalityLocation: CriminalityLocation;
  readonly crimeReference: string | null;
  /** The force's own recording time if the sender gave one (SPEC §4), else null. */
  readonly recordedAt: string | null;
}

export interface DecisionFacts extends EventRef {
  readonly stage: 'RG' | 'CG';
  readonly outcome: DecisionOutcome;
  readonly decisionMaker: DecisionMaker;
  readonly reconsideration: boolean;
}

export interface LocationFacts extends EventRef {
  readonly criminalityLocation: CriminalityLocation;
}

export interface TransferFacts extends EventRef {
  /** The force that sent the referral on (StoredEvent.sentBy, else the record's force). */
  readonly fromForce: string;
  readonly toForce: ForceCode;
}

export interface CrimeFacts extends EventRef {
  readonly crimeReference: string;
  readonly offence: Offence;
}

export interface CancellationFacts extends EventRef {
  readonly reason: CancellationReason;
  readonly authorisedBy: string;
}

/** Referral content compared for MS-01; names as they appear in ReferralFacts. */
export type ReferralField =
  | 'occurredAt'
  | 'referralType'
  | 'source'
  | 'firstResponder.type'
  | 'firstResponder.organisation'
  | 'victim.ageGroup'
  | 'victim.ageDisputed'
  | 'victim.consentToNrm'
  | 'exploitationTypes'
  | 'exploitationLocation'
  | 'criminalityLocation'
  | 'crimeReference';

/**
 * "Latest" everywhere below means last in fold order: occurredAt instant, then receivedAt, then
 * arrival (seq). "First" means first in fold order, unless the name says it is a minimum of a clock.
 */
export interface Facts {
  /** Owning force and NRM reference, from the first event (all events of a record share them). */
  readonly force: ForceCode | null;
  readonly referralRef: string | null;
  readonly eventCount: number;
  /** Every event id in fold order: evidence for findings. */
  readonly eventIds: readonly string[];

  readonly hasReferral: boolean;
  /** The first REFERRAL_RECEIVED in fold order: the one that made the record. */
  readonly referral: ReferralFacts | null;
  /** Every REFERRAL_RECEIVED, fold order. */
  readonly referrals: readonly ReferralFacts[];
  readonly referralCount: number;
  /** MS-01: a later referral event differs from the first in referral content. */
  readonly referralsDisagree: boolean;
  /** The fields that differ, in ReferralField order; empty when none. */
  readonly referralDisagreements: readonly ReferralField[];
  /** Earliest receivedAt over the referral events: the force's receipt of the referral (MS-02, MS-05). */
  readonly referralReceivedAt: string | null;
  /** Earliest (recordedAt ?? storedAt) over the referral events: when the record was created (MS-02). */
  readonly recordedAt: string | null;
  /** The referral's London date of occurrence (the date it was made to the competent authority). */
  readonly referralDate: string | null;

  /** Latest CRIMINALITY_LOCATION_DETERMINED, else the first referral's; null without either. */
  readonly criminalityLocation: CriminalityLocation | null;
  readonly criminalityLocationSource: 'REFERRAL' | 'DETERMINED' | null;
  readonly locationDeterminations: readonly LocationFacts[];

  /** Latest RG decision (reconsiderations included): "the latest decision of a stage stands" (SPEC §1). */
  readonly rg: DecisionFacts | null;
  readonly rgDecisions: readonly DecisionFacts[];
  readonly cg: DecisionFacts | null;
  readonly cgDecisions: readonly DecisionFacts[];

  /** Where the record's force sent the referral, while it no longer holds it (transferredAway); else null. */
  readonly transferredTo: ForceCode | null;
  readonly transfer: TransferFacts | null;
  readonly transfers: readonly TransferFacts[];

  /** Latest CRIME_RECORDED (a later one corrects the CRN or offence). */
  readonly crime: CrimeFacts | null;
  readonly crimes: readonly CrimeFacts[];
  /** The force CRN: the latest CRIME_RECORDED's, else the first referral's that carries one. */
  readonly crimeReference: string | null;

  /** Cancelled by the Force Crime Registrar; the first RECORD_CANCELLED in fold order cancels. */
  readonly cancelled: boolean;
  readonly cancellation: CancellationFacts | null;

  /** Minimum of each clock over all events. */
  readonly firstOccurredInstant: string | null;
  readonly firstReceivedAt: string | null;
  readonly firstStoredAt: string | null;
  /** Maximum storedAt: the service time from which these facts were knowable. */
  readonly lastStoredAt: string | null;
  /** The earliest-received RG, CG or TRANSFERRED event (MS-09 measures from its receivedAt). */
  readonly firstDecisionOrTransfer: EventRef | null;
}

export function emptyFacts(): Facts {
  return {
    force: null,
    referralRef: null,
    eventCount: 0,
    eventIds: [],
    hasReferral: false,
    referral: null,
    referrals: [],
    referralCount: 0,
    referralsDisagree: false,
    referralDisagreements: [],
    referralReceivedAt: null,
    recordedAt: null,
    referralDate: null,
    criminalityLocation: null,
    criminalityLocationSource: null,
    locationDeterminations: [],
    rg: null,
    rgDecisions: [],
    cg: null,
    cgDecisions: [],
    transferredTo: null,
    transfer: null,
    transfers: [],
    crime: null,
    crimes: [],
    crimeReference: null,
    cancelled: false,
    cancellation: null,
    firstOccurredInstant: null,
    firstReceivedAt: null,
    firstStoredAt: null,
    lastStoredAt: null,
    firstDecisionOrTransfer: null,
  };
}
