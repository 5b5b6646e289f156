import type { HocrEvent, TransferredEvent } from '../hocr/event-types';
import type { Facts, StoredEvent } from '../hocr/facts';
import { classify, RULE_SET_VERSION, type Classification } from '../hocr/classify';
import { foldWithTimeline, type TimelineEntry } from '../hocr/timeline';
import { forceReceivedAt, forceRecording } from '../hocr/force-receipt';
import { londonDate } from '../hocr/time';
import { contributingForces, foldsInto, type TransferEdge } from '../hocr/transfers';

/** One stored event row, as the refold needs it. */
export interface EventRow {
  seq: number;
  force: string;
  event: HocrEvent;
  receivedAt: string;
  storedAt: string;
}

export interface RecordState {
  force: string;
  referralRef: string;
  facts: Facts;
  classification: Classification;
  timeline: TimelineEntry[];
  /** The London date of the force's own first receipt of the referral (forceReceivedAt): the period it counts in. */
  receivedDate: string | null;
  /** eventId → sending force, for the events carried from forces that transferred the referral here (MS-12). */
  carriedFrom: ReadonlyMap<string, string>;
  /** When the force came to hold the referral by a transfer in, after the referral's first receipt; else null (CheckContext). */
  heldFrom: string | null;
  /** When the force created its record (forceRecording: its own recording, not a sender's); null without a referral. */
  recordedAt: string | null;
  ruleSetVersion: string;
}

/**
 * The records of one referral, recomputed from all of its events (ARCHITECTURE: "a record's state is
 * recomputed from all its events every time"). A TRANSFERRED event gives the receiving force its own
 * record for the same referral, carrying the facts (SPEC §4): a force's record folds its own events
 * and the referral's events (referral, decisions, location, transfers) of every force that transferred
 * the referral to it, directly or through others. In that
 * fold every event is presented as the receiving force's, so the incoming transfer reads as a
 * transfer *to itself* (no N200/06), while a later transfer onwards does make it N200/06.
 */
export function refoldReferral(referralRef: string, rows: readonly EventRow[]): RecordState[] {
  const forces = new Set<string>();
  const edges: TransferEdge[] = [];
  for (const r of rows) {
    forces.add(r.force);
    if (r.event.type === 'TRANSFERRED') {
      const to = (r.event as TransferredEvent).toForce;
      forces.add(to);
      edges.push({ from: r.force, to });
    }
  }
  const states: RecordState[] = [];
  for (const force of [...forces].sort()) {
    const contributors = contributingForces(force, edges);
    const stored: StoredEvent[] = rows
      .filter((r) => foldsInto(force, contributors, r.force, r.event.type))
      .map((r) => ({
        event: r.force === force ? r.event : ({ ...r.event, force } as HocrEvent),
        seq: r.seq,
        receivedAt: r.receivedAt,
        storedAt: r.storedAt,
        ...(r.force === force ? {} : { sentBy: r.force }),
      }));
    const carriedFrom = new Map<string, string>();
    for (const r of rows)
      if (r.force !== force && foldsInto(force, contributors, r.force, r.event.type)) carriedFrom.set(r.event.eventId, r.force);
    const { facts, classification, timeline } = foldWithTimeline(stored);
    const ownReferralReceipts = rows.filter((r) => r.force === force && r.event.type === 'REFERRAL_RECEIVED').map((r) => r.receivedAt);
    // the force's own first receipt: its own referral, or a transfer in (SPEC §7; docs/decisions.md)
    const firstHeld = forceReceivedAt(facts, ownReferralReceipts);
    states.push({
      force,
      referralRef,
      facts,
      classification: classification ?? classify(facts),
      timeline,
      receivedDate: firstHeld === null ? null : londonDate(firstHeld),
      ruleSetVersion: RULE_SET_VERSION,
      carriedFrom,
      heldFrom: firstHeld !== null && firstHeld !== facts.referralReceivedAt ? firstHeld : null,
      recordedAt: forceRecording(facts, carriedFrom)?.at ?? null,
    });
  }
  return states;
}
