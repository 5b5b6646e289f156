import { CODE_TITLES, type HocrCode } from '../hocr/codes';
import type { DecisionFacts, Facts } from '../hocr/facts';
import { londonDate, rgDueDate } from '../hocr/time';

/** A records row as the queries read it (timestamps: Date from a row, ISO string from n200_records_json). */
export interface RecordRow {
  id: string;
  force: string;
  referral_ref: string;
  status: string;
  code: HocrCode | null;
  rule: string;
  reason: string;
  crime_required: boolean;
  rule_set_version: string;
  classified_since: Date | string;
  referral_type: string | null;
  crime_reference: string | null;
  referral_received_at: Date | string | null;
  received_date: string | null;
  recorded_at: Date | string | null;
  facts: FactsView;
  event_count: number;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface HistoryRow {
  status: string;
  code: HocrCode | null;
  rule: string;
  reason: string;
  rule_set_version: string;
  caused_by_event_id: string;
  /** Date from a row, ISO string from json_agg. */
  valid_from: Date | string;
  valid_to: Date | string | null;
  /** When the service learned the entry: the write it (last) appeared in, carried while it stays (migration 1763841100000). */
  known_since: Date | string;
}

export const RECORD_COLUMNS = `id, force, referral_ref, status, code, rule, reason, crime_required, rule_set_version, classified_since,
  referral_type, crime_reference, referral_received_at, received_date, recorded_at, facts, event_count, version, created_at, updated_at`;

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

function decision(d: DecisionFacts | null) {
  return d
    ? {
        eventId: d.eventId,
        outcome: d.outcome,
        decidedOn: londonDate(d.occurredInstant),
        receivedAt: d.receivedAt,
        decisionMaker: d.decisionMaker,
        reconsideration: d.reconsideration,
      }
    : null;
}

export function classificationView(code: HocrCode | null, rule: string, reason: string) {
  return { code, title: code ? CODE_TITLES[code] : null, rule, reason };
}

/** The summary of a record used in lists. */
export function recordSummary(r: RecordRow) {
  return {
    force: r.force,
    referralRef: r.referral_ref,
    status: r.status,
    referralType: r.referral_type,
    classification: { ...classificationView(r.code, r.rule, r.reason), crimeRequired: r.crime_required, since: iso(r.classified_since) },
    crimeReference: r.crime_reference,
    receivedDate: r.received_date,
    updatedAt: iso(r.updated_at),
    version: r.version,
  };
}

/**
 * The facts a record shows and the checks' evidence points to (no personal data): what `records.facts`
 * stores. The full fold is recomputed from the events whenever it is needed, so storing only this keeps
 * the hot upsert small. `recordedAt`: when the record's force created it (RecordState.recordedAt), which at a
 * receiving force is not `f.recordedAt`.
 */
export function factsView(f: Facts, recordedAt: string | null) {
  const ref = f.referral;
  // Keys in jsonb's order (shorter first, then alphabetical): stored as jsonb, so the server need not sort
  // them (src/database/jsonb-order.ts). The order is not seen anywhere else: records are read back from jsonb.
  return {
    cg: decision(f.cg),
    rg: decision(f.rg),
    crime: f.crime
      ? {
          eventId: f.crime.eventId,
          offence: f.crime.offence,
          recordedOn: londonDate(f.crime.occurredInstant),
          crimeReference: f.crime.crimeReference,
        }
      : null,
    source: ref?.source ?? null,
    victim: ref
      ? { ageGroup: ref.victim.ageGroup, ageDisputed: ref.victim.ageDisputed, consentToNrm: ref.victim.consentToNrm ?? null }
      : null,
    rgDueDate: f.referralDate ? rgDueDate(f.referralDate) : null,
    eventCount: f.eventCount,
    recordedAt,
    cancellation: f.cancellation
      ? { reason: f.cancellation.reason, eventId: f.cancellation.eventId, authorisedBy: f.cancellation.authorisedBy }
      : null,
    referralDate: f.referralDate,
    referralCount: f.referralCount,
    transferredTo: f.transferredTo,
    firstResponder: ref?.firstResponder ?? null,
    exploitationTypes: ref?.exploitationTypes ?? [],
    referralReceivedAt: f.referralReceivedAt,
    criminalityLocation: f.criminalityLocation,
    exploitationLocation: ref?.exploitationLocation ?? null,
  };
}
export type FactsView = ReturnType<typeof factsView>;

/** The full record: summary, its facts and its current classification history. */
export function recordView(r: RecordRow, history: HistoryRow[]) {
  return {
    ...recordSummary(r),
    classification: {
      ...classificationView(r.code, r.rule, r.reason),
      crimeRequired: r.crime_required,
      since: iso(r.classified_since),
      ruleSetVersion: r.rule_set_version,
    },
    facts: r.facts,
    history: history.map((h) => ({
      status: h.status,
      ...classificationView(h.code, h.rule, h.reason),
      ruleSetVersion: h.rule_set_version,
      causedBy: h.caused_by_event_id,
      validFrom: iso(h.valid_from),
      validTo: iso(h.valid_to),
      knownSince: iso(h.known_since),
    })),
  };
}

export type RecordView = ReturnType<typeof recordView>;
/** A record with its current classification history, as `n200_records_json` gives it. */
export type RecordWithHistory = RecordRow & { history: HistoryRow[] };
export type RecordSummary = ReturnType<typeof recordSummary>;
