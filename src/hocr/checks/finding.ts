// Compliance findings (SPEC §6): the shape every check produces, shared by the checks, storage and queries.
// MS-14 and MS-15 are the service's own (SPEC §4: a well-formed event inconsistent with the rules raises a finding;
// docs/decisions.md).
import type { Facts } from '../facts';

export const CHECK_IDS = [
  'MS-01',
  'MS-02',
  'MS-03',
  'MS-04',
  'MS-05',
  'MS-06',
  'MS-07',
  'MS-08',
  'MS-09',
  'MS-10',
  'MS-11',
  'MS-12',
  'MS-13',
  'MS-14',
  'MS-15',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export type Severity = 'error' | 'warning';

/**
 * One finding of one check on one record, as a time interval. A finding is *open* at time T when
 * `dueAt <= T` and it is not resolved by T (`resolvedAt` null or later than T). Checks do not read a
 * clock: they say when a breach becomes due and when (if ever) the event that cures it arrived, so the
 * same stored findings answer "what is open now?" and "what was open on 1 March?".
 */
export interface FindingSpec {
  readonly check: CheckId;
  readonly severity: Severity;
  /** ISO instant from which the finding is open (the breach time); for immediate checks, when the offending event was received. */
  readonly dueAt: string;
  /** ISO instant the curing event was received (or the record was cancelled); null while unresolved. */
  readonly resolvedAt: string | null;
  /** Event ids that show the finding (the offending event, the late event...). */
  readonly evidence: readonly string[];
  /** One sentence for the auditor; no personal data. */
  readonly message: string;
}

export interface CheckContext {
  /** The record's owning force (facts.force can be null for an empty fold). */
  readonly force: string;
  /**
   * eventId → the force that sent it, for the events a receiving force's record carries from the forces that
   * transferred the referral to it (src/records/refold.ts); the record's own events are not in it.
   */
  readonly carriedFrom?: ReadonlyMap<string, string>;
  /**
   * When the force came to hold the referral by a transfer in, if that was after the referral's first receipt
   * (src/hocr/force-receipt.ts): no finding of its record is due before then, and its 24-hour clocks (MS-02,
   * MS-04, MS-05) start no earlier. Null or absent for a force that received the referral itself, including
   * one the referral was sent back to.
   */
  readonly heldFrom?: string | null;
}

export type Check = (facts: Facts, ctx: CheckContext) => FindingSpec[];

export type FindingStatus = 'open' | 'resolved' | 'not-due';

/** The status of a finding at a clock time. */
export function findingStatus(f: FindingSpec, clock: string): FindingStatus {
  if (f.resolvedAt !== null && f.resolvedAt <= clock) return 'resolved';
  return f.dueAt <= clock ? 'open' : 'not-due';
}
