// fold(): a record's events → its facts (SPEC §3, §4). Order-independent: events are sorted by
// occurredAt instant, then receivedAt, then arrival (seq), so every permutation of the same stored
// events gives the same facts. Built as an accumulator so the timeline can fold each prefix in O(n).
import { occurredInstantMs, type HocrEvent, type ReferralReceivedEvent } from './event-types';
import type {
  CancellationFacts,
  CrimeFacts,
  DecisionFacts,
  EventRef,
  Facts,
  LocationFacts,
  ReferralFacts,
  ReferralField,
  StoredEvent,
  TransferFacts,
} from './facts';
import { emptyFacts } from './facts';
import { londonDate, toEpochMs } from './time';
import { transferredAway } from './transfers';

/** A stored event with its clocks parsed once. */
export interface PreparedEvent {
  readonly stored: StoredEvent;
  readonly occurredMs: number;
  readonly receivedMs: number;
  readonly storedMs: number;
}

export function prepare(stored: StoredEvent): PreparedEvent {
  return {
    stored,
    occurredMs: occurredInstantMs(stored.event),
    receivedMs: toEpochMs(stored.receivedAt),
    storedMs: toEpochMs(stored.storedAt),
  };
}

// SPEC §4: occurredAt, then receivedAt, then arrival. eventId breaks a tie of equal seq (which the
// service never produces) so the order is total whatever the input.
export function compareForFold(a: PreparedEvent, b: PreparedEvent): number {
  return (
    a.occurredMs - b.occurredMs ||
    a.receivedMs - b.receivedMs ||
    a.stored.seq - b.stored.seq ||
    (a.stored.event.eventId < b.stored.event.eventId ? -1 : a.stored.event.eventId > b.stored.event.eventId ? 1 : 0)
  );
}

/** The events in fold order, clocks parsed. Does not mutate the input. */
export function sortForFold(events: readonly StoredEvent[]): PreparedEvent[] {
  return events.map(prepare).sort(compareForFold);
}

/** SPEC §5 "as at": the events the service had stored at a service time (inclusive). */
export function eventsKnownAt(events: readonly StoredEvent[], serviceTime: string): StoredEvent[] {
  const t = toEpochMs(serviceTime);
  return events.filter((e) => toEpochMs(e.storedAt) <= t);
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * `value` itself when it is already an instant as toISOString writes it (24 characters, UTC, milliseconds:
 * what the service stores and reads back), else that form of `ms`: formatting every clock of every
 * event again on each refold was a tenth of the fold's time.
 */
const isoOf = (value: string, ms: number): string =>
  value.length === 24 && value.charCodeAt(23) === 90 /* Z */ && value.charCodeAt(19) === 46 /* . */ ? value : iso(ms);

function refOf(p: PreparedEvent): EventRef {
  return {
    eventId: p.stored.event.eventId,
    occurredAt: p.stored.event.occurredAt,
    occurredInstant: isoOf(p.stored.event.occurredAt, p.occurredMs),
    receivedAt: isoOf(p.stored.receivedAt, p.receivedMs),
    storedAt: isoOf(p.stored.storedAt, p.storedMs),
    seq: p.stored.seq,
  };
}

/**
 * An event's reference followed by the facts it carries, in that key order. Not `{ ...ref, … }`: the spread
 * followed by more properties made V8 build these objects the slow way, an eighth of the refold's time
 * (docs/benchmarks.md, "Third round").
 */
function withRef<T extends object>(ref: EventRef, facts: T): EventRef & T {
  const base = {
    eventId: ref.eventId,
    occurredAt: ref.occurredAt,
    occurredInstant: ref.occurredInstant,
    receivedAt: ref.receivedAt,
    storedAt: ref.storedAt,
    seq: ref.seq,
  };
  return Object.assign(base, facts);
}

function referralFacts(ref: EventRef, e: ReferralReceivedEvent): ReferralFacts {
  return withRef(ref, {
    referralType: e.referralType,
    source: e.source,
    firstResponder: { type: e.firstResponder.type, organisation: e.firstResponder.organisation },
    victim:
      e.victim.consentToNrm === undefined
        ? { ageGroup: e.victim.ageGroup, ageDisputed: e.victim.ageDisputed }
        : { ageGroup: e.victim.ageGroup, ageDisputed: e.victim.ageDisputed, consentToNrm: e.victim.consentToNrm },
    exploitationTypes: [...e.exploitationTypes],
    exploitationLocation: e.exploitationLocation,
    criminalityLocation: e.criminalityLocation,
    crimeReference: e.crimeReference ?? null,
    recordedAt: e.recordedAt === undefined ? null : new Date(toEpochMs(e.recordedAt)).toISOString(),
  });
}

const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

// MS-01 comparison (docs/decisions.md (HOCR domain) 17): referral content only, not the transport clocks;
// occurredAt by London date; the organisation ignoring case and spacing; a CRN only when both have one.
const REFERRAL_COMPARISONS: ReadonlyArray<readonly [ReferralField, (a: ReferralFacts, b: ReferralFacts) => boolean]> = [
  ['occurredAt', (a, b) => londonDate(a.occurredInstant) === londonDate(b.occurredInstant)],
  ['referralType', (a, b) => a.referralType === b.referralType],
  ['source', (a, b) => a.source === b.source],
  ['firstResponder.type', (a, b) => a.firstResponder.type === b.firstResponder.type],
  ['firstResponder.organisation', (a, b) => norm(a.firstResponder.organisation) === norm(b.firstResponder.organisation)],
  ['victim.ageGroup', (a, b) => a.victim.ageGroup === b.victim.ageGroup],
  ['victim.ageDisputed', (a, b) => a.victim.ageDisputed === b.victim.ageDisputed],
  ['victim.consentToNrm', (a, b) => a.victim.consentToNrm === b.victim.consentToNrm],
  ['exploitationTypes', (a, b) => a.exploitationTypes.join() === b.exploitationTypes.join()],
  ['exploitationLocation', (a, b) => a.exploitationLocation === b.exploitationLocation],
  ['criminalityLocation', (a, b) => a.criminalityLocation === b.criminalityLocation],
  ['crimeReference', (a, b) => a.crimeReference === null || b.crimeReference === null || a.crimeReference === b.crimeReference],
];

const minIso = (current: string | null, candidate: string): string => (current === null || candidate < current ? candidate : current); // ISO UTC strings sort as instants

/**
 * Mutable fold state. apply() must be called in fold order; facts() returns an immutable snapshot.
 */
export class FactsAccumulator {
  private f: { -readonly [K in keyof Facts]: Facts[K] } = emptyFacts();
  private readonly disagreements = new Set<ReferralField>();
  private readonly eventIds: string[] = [];
  private readonly referrals: ReferralFacts[] = [];
  private readonly rgs: DecisionFacts[] = [];
  private readonly cgs: DecisionFacts[] = [];
  private readonly locations: LocationFacts[] = [];
  private readonly transfers: TransferFacts[] = [];
  private readonly crimes: CrimeFacts[] = [];

  apply(p: PreparedEvent): this {
    const e: HocrEvent = p.stored.event;
    const ref = refOf(p);
    const f = this.f;
    if (f.eventCount === 0) {
      f.force = e.force;
      f.referralRef = e.referralRef;
    }
    f.eventCount += 1;
    this.eventIds.push(e.eventId);
    f.firstOccurredInstant = minIso(f.firstOccurredInstant, ref.occurredInstant);
    f.firstReceivedAt = minIso(f.firstReceivedAt, ref.receivedAt);
    f.firstStoredAt = minIso(f.firstStoredAt, ref.storedAt);
    f.lastStoredAt = f.lastStoredAt === null || ref.storedAt > f.lastStoredAt ? ref.storedAt : f.lastStoredAt;

    switch (e.type) {
      case 'REFERRAL_RECEIVED':
        this.applyReferral(referralFacts(ref, e));
        break;
      case 'RG_DECISION':
      case 'CG_DECISION': {
        const stage = e.type === 'RG_DECISION' ? 'RG' : 'CG';
        const d: DecisionFacts = withRef(ref, {
          stage,
          outcome: e.outcome,
          decisionMaker: e.decisionMaker,
          reconsideration: e.reconsideration,
        });
        if (stage === 'RG') {
          this.rgs.push(d);
          f.rg = d;
        } else {
          this.cgs.push(d);
          f.cg = d;
        }
        this.noteDecisionOrTransfer(ref);
        break;
      }
      case 'CRIMINALITY_LOCATION_DETERMINED':
        this.locations.push(
          withRef(ref, {
            criminalityLocation: e.criminalityLocation,
          }),
        );
        f.criminalityLocation = e.criminalityLocation;
        f.criminalityLocationSource = 'DETERMINED';
        break;
      case 'TRANSFERRED': {
        const t: TransferFacts = withRef(ref, {
          fromForce: p.stored.sentBy ?? e.force,
          toForce: e.toForce,
        });
        this.transfers.push(t);
        // Whether the record's force still holds the referral, from the transfers it sent and received only
        // (src/hocr/transfers.ts; docs/decisions.md, Engine: "Who holds a transferred referral").
        const away = transferredAway(f.force as string, this.transfers);
        f.transfer = away ?? t;
        f.transferredTo = away?.toForce ?? null;
        this.noteDecisionOrTransfer(ref);
        break;
      }
      case 'CRIME_RECORDED': {
        const c: CrimeFacts = withRef(ref, {
          crimeReference: e.crimeReference,
          offence: e.offence,
        });
        this.crimes.push(c);
        f.crime = c;
        f.crimeReference = c.crimeReference;
        break;
      }
      case 'RECORD_CANCELLED':
        if (!f.cancelled) {
          const c: CancellationFacts = withRef(ref, {
            reason: e.reason,
            authorisedBy: e.authorisedBy,
          });
          f.cancelled = true;
          f.cancellation = c;
        }
        break;
    }
    return this;
  }

  private applyReferral(r: ReferralFacts): void {
    const f = this.f;
    this.referrals.push(r);
    f.referralReceivedAt = minIso(f.referralReceivedAt, r.receivedAt);
    f.recordedAt = minIso(f.recordedAt, r.recordedAt ?? r.storedAt);
    if (f.referral === null) {
      f.referral = r;
      f.hasReferral = true;
      f.referralDate = londonDate(r.occurredInstant);
      // A determination folded earlier (dated before the referral) still wins: it is a determination.
      if (f.criminalityLocationSource !== 'DETERMINED') {
        f.criminalityLocation = r.criminalityLocation;
        f.criminalityLocationSource = 'REFERRAL';
      }
    } else {
      for (const [field, same] of REFERRAL_COMPARISONS) {
        if (!same(f.referral, r)) this.disagreements.add(field);
      }
    }
    if (f.crime === null && f.crimeReference === null && r.crimeReference !== null) {
      f.crimeReference = r.crimeReference;
    }
  }

  private noteDecisionOrTransfer(ref: EventRef): void {
    const current = this.f.firstDecisionOrTransfer;
    if (current === null || ref.receivedAt < current.receivedAt) this.f.firstDecisionOrTransfer = ref;
  }

  facts(): Facts {
    const disagreements = REFERRAL_COMPARISONS.map(([field]) => field).filter((field) => this.disagreements.has(field));
    return {
      ...this.f,
      eventIds: [...this.eventIds],
      referrals: [...this.referrals],
      referralCount: this.referrals.length,
      referralsDisagree: disagreements.length > 0,
      referralDisagreements: disagreements,
      rgDecisions: [...this.rgs],
      cgDecisions: [...this.cgs],
      locationDeterminations: [...this.locations],
      transfers: [...this.transfers],
      crimes: [...this.crimes],
    };
  }
}

/** The facts of one record from all its stored events, in any order (SPEC §3, §4). */
export function fold(events: readonly StoredEvent[]): Facts {
  const acc = new FactsAccumulator();
  for (const p of sortForFold(events)) acc.apply(p);
  return acc.facts();
}
