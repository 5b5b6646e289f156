// classificationTimeline(): the valid-time history of a record's classification (SPEC §3 "every
// change of code is kept in the record's history with the event that caused it, the rule id, the
// rule-set version, the time it became true in the world"). The service adds the system-time axis
// (when it learned each row) when it writes classification_history.
import type { HocrCode } from './codes';
import { RULE_SET_VERSION, classify, type Classification, type RecordStatus, type RuleId } from './classify';
import type { Facts, StoredEvent } from './facts';
import { FactsAccumulator, sortForFold } from './fold';

export interface TimelineEntry {
  readonly status: RecordStatus;
  readonly code: HocrCode | null;
  readonly rule: RuleId;
  readonly reason: string;
  readonly crimeRequired: boolean;
  /** Occurred instant (ISO UTC) of the causing event: when this became true in the world. */
  readonly validFrom: string;
  /** validFrom of the next entry; null while current. */
  readonly validTo: string | null;
  /** eventId of the event whose folding produced this classification. */
  readonly causedBy: string;
  readonly ruleSetVersion: string;
}

/**
 * Folds every prefix of the events in fold order and emits an entry whenever (status, code, rule)
 * changes. Events that share an occurred instant are applied together: only the classification after
 * the last of them is emitted, so no entry has an empty valid-time range; its cause is the event that
 * started the final run of that classification (docs/decisions.md (HOCR domain) 22).
 */
export function classificationTimeline(events: readonly StoredEvent[]): TimelineEntry[] {
  return foldWithTimeline(events).timeline;
}

/**
 * The fold and the timeline in one pass (the last prefix's facts are the record's facts): the service's
 * refold needs both and folding twice is measurable at national volumes.
 */
export function foldWithTimeline(events: readonly StoredEvent[]): {
  facts: Facts;
  classification: Classification | null;
  timeline: TimelineEntry[];
} {
  const sorted = sortForFold(events);
  let facts: Facts | null = null;
  const acc = new FactsAccumulator();
  const entries: Omit<TimelineEntry, 'validTo'>[] = [];
  let current: Classification | null = null; // classification after the last folded event
  let causedBy = ''; // first event of the current run of equal classifications
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i];
    facts = acc.apply(p).facts();
    const c = classify(facts);
    if (current === null || !sameState(current, c)) causedBy = p.stored.event.eventId;
    current = c;
    const next = sorted[i + 1];
    if (next !== undefined && next.occurredMs === p.occurredMs) continue;
    const last = entries[entries.length - 1];
    if (last !== undefined && sameState(last, c)) continue;
    entries.push({
      status: c.status,
      code: c.code,
      rule: c.rule,
      reason: c.reason,
      crimeRequired: c.crimeRequired,
      validFrom: new Date(p.occurredMs).toISOString(),
      causedBy,
      ruleSetVersion: RULE_SET_VERSION,
    });
  }
  return {
    facts: facts ?? acc.facts(),
    classification: current,
    timeline: entries.map((e, i) => ({
      status: e.status,
      code: e.code,
      rule: e.rule,
      reason: e.reason,
      crimeRequired: e.crimeRequired,
      validFrom: e.validFrom,
      causedBy: e.causedBy,
      ruleSetVersion: e.ruleSetVersion,
      validTo: entries[i + 1]?.validFrom ?? null,
    })),
  };
}

function sameState(a: Pick<Classification, 'status' | 'code' | 'rule'>, b: Pick<Classification, 'status' | 'code' | 'rule'>): boolean {
  return a.status === b.status && a.code === b.code && a.rule === b.rule;
}
