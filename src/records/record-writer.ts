import { callIn, OneTripTransaction, type WriteTx } from '../database/one-trip';
import { occurredInstant, type HocrEvent } from '../hocr/event-types';
import { crimeExpected } from '../hocr/classify';
import { crimeObligation, evaluateChecks, firstCrimeRecordedAt, rgCrimeClockStart } from '../hocr/checks';
import { factsView, type RecordWithHistory } from './record-view';
import { recordKeysJson, type RecordKey } from './record-reader';
import { refoldReferral, type EventRow, type RecordState } from './refold';
import { rowsHash } from './versioned-rows';

type Row = Record<string, unknown>;

/** SPEC §6 findings of the record: intervals (due, resolved), so no clock is needed to store them. */
function findingRows(s: RecordState): Row[] {
  return evaluateChecks(s.facts, { force: s.force, carriedFrom: s.carriedFrom, heldFrom: s.heldFrom }).map((f) => ({
    force: s.force,
    referral_ref: s.referralRef,
    check_id: f.check,
    severity: f.severity,
    due_at: f.dueAt,
    resolved_at: f.resolvedAt,
    evidence: f.evidence,
    message: f.message,
  }));
}

/** A record's classification history rows, as hashed for their version hash (their key order is part of it). */
function historyRows(s: RecordState) {
  return s.timeline.map((t) => ({
    force: s.force,
    status: t.status,
    code: t.code,
    rule: t.rule,
    reason: t.reason,
    rule_set_version: t.ruleSetVersion,
    caused_by_event_id: t.causedBy,
    received_date: s.receivedDate,
    valid_from: t.validFrom,
    valid_to: t.validTo,
  }));
}

type HistoryRow = ReturnType<typeof historyRows>[number];

/**
 * A history row as `n200_write_records` takes it: with its referral_ref, keys in jsonb's order. Typed so that a
 * column added to HistoryRow and not here fails to compile.
 */
function historyParamRow(referralRef: string, row: HistoryRow): Record<keyof HistoryRow | 'referral_ref', unknown> {
  return {
    code: row.code,
    rule: row.rule,
    force: row.force,
    reason: row.reason,
    status: row.status,
    valid_to: row.valid_to,
    valid_from: row.valid_from,
    referral_ref: referralRef,
    received_date: row.received_date,
    rule_set_version: row.rule_set_version,
    caused_by_event_id: row.caused_by_event_id,
  };
}

/** When the crime was first recorded on the force system (decisions.md HOCR 29: the same reading as MS-04/MS-05). */
function crimeRecordedAt(s: RecordState): string | null {
  return firstCrimeRecordedAt(s.facts)?.at ?? null;
}

/**
 * When the force received the positive RG the crime is owed from, no earlier than it held the referral (the same
 * clock as MS-04, rgCrimeClockStart): only on a record
 * that owes its crime to that RG (rule RG_POSITIVE_EW), not on a police referral, which owes it from receipt,
 * nor on a record outside England and Wales, which owes none (decisions.md, Compliance: "Summary").
 */
function positiveRgReceivedAt(s: RecordState): string | null {
  return crimeObligation(s.facts) === 'RG_POSITIVE_EW' ? (rgCrimeClockStart(s.facts, s)?.at ?? null) : null;
}

/**
 * An event row as `n200_ingest_begin` returns it: [seq, force, referral_ref, body, received_at, stored_at],
 * the clocks as `n200_iso` writes them (ISO UTC with milliseconds).
 */
type EventTuple = [number, string, string, HocrEvent, string, string];
/** A record's version hashes as `n200_ingest_begin` returns them: [force, referral_ref, history_hash, findings_hash]. */
type RecordTuple = [string, string, string | null, string | null];

/** What the start of a write read (without locks): the clock, the events inserted, and the referrals to refold. */
export interface WriteStart {
  /** The service time the events are stamped with. */
  now: Date;
  /** eventIds inserted by this write. */
  inserted: Set<string>;
  /** eventId → stored content hash, for each sent event that was already there (a replay, or a conflict). */
  stored: Map<string, string>;
  /** Every event of the referrals to refold: those stored before, and those this write inserted. */
  events: EventTuple[];
  records: RecordTuple[];
}

/** An events row to insert (what IngestEventsHandler writes; `ord` keeps the sender's order). */
export interface NewEventRow {
  ord: number;
  event_id: string;
  type: string;
  force: string;
  referral_ref: string;
  /** The event itself, nested in the JSON sent (stored as jsonb: the same value as its canonical JSON, parsed once). */
  body: HocrEvent;
  content_hash: string;
  occurred_at: string;
  received_at: string;
}

/**
 * An events row to insert, keys in jsonb's order (src/database/jsonb-order.ts). `receivedAt`: the event's own
 * receivedAt, or when the service received it; ISO to the millisecond, as instants are compared (and as the
 * refold reads it back).
 */
export function eventRow(ord: number, event: HocrEvent, contentHash: string, receivedAt: string): NewEventRow {
  return {
    ord,
    body: event,
    type: event.type,
    force: event.force,
    event_id: event.eventId,
    occurred_at: occurredInstant(event),
    received_at: receivedAt,
    content_hash: contentHash,
    referral_ref: event.referralRef,
  };
}

/**
 * Starts a write of the given referrals' records inside `tx`, in ONE round trip (`n200_ingest_begin`,
 * migration 1763840800000): joins the as-at fence (shared; src/database/system-time.ts), reads the service
 * clock, inserts `events` (a replay is skipped), and reads, without locks, the events and record versions
 * of the referrals to refold: those that gained an event, or every one of `referralRefs` when `refoldAll`.
 * The referral locks are taken by `writeRecords`, which checks what was read here against what is
 * committed then. The events it has just inserted are not read back but taken from `input` (the same
 * values: the body is stored as the JSON of the same object; times are compared to the millisecond).
 */
export async function beginWrite(
  tx: WriteTx,
  input: { sender: string; events: NewEventRow[]; referralRefs: string[]; refoldAll: boolean },
): Promise<WriteStart> {
  const start = await callIn<{
    now: string;
    inserted: string[];
    seqs: number[];
    stored: Record<string, string>;
    events: EventTuple[];
    records: RecordTuple[];
  }>(tx, {
    fn: 'n200_ingest_begin',
    args: [
      [input.sender, 'text'],
      [JSON.stringify(input.events), 'jsonb'],
      [input.referralRefs, 'text[]'],
      [input.refoldAll, 'boolean'],
    ],
  });
  const now = new Date(start.now);
  // The events just inserted are not read back: they are what was sent, stored with the seq the insert gave.
  const sent = new Map(input.events.map((e) => [e.event_id, e]));
  const storedAt = now.toISOString();
  const events = start.events;
  start.inserted.forEach((eventId, i) => {
    const e = sent.get(eventId)!;
    events.push([start.seqs[i], e.force, e.referral_ref, e.body, e.received_at, storedAt]);
  });
  return { now, inserted: new Set(start.inserted), stored: new Map(Object.entries(start.stored)), events, records: start.records };
}

/** The rows one referral's refold writes, and how many events it was refolded from. */
export interface Refolded {
  events: number;
  records: Row[];
  history: Row[];
  findings: Row[];
}

export type Hashes = Map<string, { historyHash: string | null; findingsHash: string | null }>;

function byReferral(events: readonly EventTuple[]): Map<string, EventRow[]> {
  const byRef = new Map<string, EventRow[]>();
  for (const [seq, force, ref, event, receivedAt, storedAt] of events) {
    let list = byRef.get(ref);
    if (!list) byRef.set(ref, (list = []));
    // the clocks are ISO UTC with milliseconds, as toISOString writes them (n200_iso, or the service's own)
    list.push({ seq, force, event, receivedAt, storedAt });
  }
  return byRef;
}

function hashesOf(records: readonly RecordTuple[], into: Hashes = new Map()): Hashes {
  for (const [force, ref, historyHash, findingsHash] of records) into.set(`${force}|${ref}`, { historyHash, findingsHash });
  return into;
}

/** One referral's records refolded, as rows to write; `seen_*` are the versions the change is judged against. */
export function refold(ref: string, rows: EventRow[], before: Hashes, now: string): Refolded {
  const out: Refolded = { events: rows.length, records: [], history: [], findings: [] };
  for (const s of refoldReferral(
    ref,
    rows.sort((a, b) => a.seq - b.seq),
  )) {
    const historyRowsOf = historyRows(s);
    const findingRowsOf = findingRows(s);
    const historyHash = rowsHash(historyRowsOf);
    const findingsHash = rowsHash(findingRowsOf);
    const old = before.get(`${s.force}|${s.referralRef}`);
    const historyChanged = old?.historyHash !== historyHash;
    const findingsChanged = old?.findingsHash !== findingsHash;
    // keys in jsonb's order, so the server need not sort them (src/database/jsonb-order.ts)
    out.records.push({
      code: s.classification.code,
      rule: s.classification.rule,
      facts: factsView(s.facts, s.recordedAt),
      force: s.force,
      reason: s.classification.reason,
      status: s.classification.status,
      event_count: s.facts.eventCount,
      recorded_at: s.recordedAt,
      history_hash: historyHash,
      referral_ref: s.referralRef,
      findings_hash: findingsHash,
      received_date: s.receivedDate,
      referral_type: s.facts.referral?.referralType ?? null,
      crime_expected: crimeExpected(s.facts),
      crime_required: s.classification.crimeRequired,
      crime_reference: s.facts.crimeReference,
      history_changed: historyChanged,
      classified_since: s.timeline.at(-1)?.validFrom ?? now,
      findings_changed: findingsChanged,
      rule_set_version: s.ruleSetVersion,
      crime_recorded_at: crimeRecordedAt(s),
      seen_history_hash: old?.historyHash ?? null,
      seen_findings_hash: old?.findingsHash ?? null,
      referral_received_at: s.facts.referralReceivedAt,
      rg_positive_received_at: positiveRgReceivedAt(s),
    });
    // History rows carry no referral_ref column; it is sent only to join them to their record. (The rows as
    // hashed keep their own key order: their version hashes must not change.)
    if (historyChanged) for (const row of historyRowsOf) out.history.push(historyParamRow(s.referralRef, row));
    if (findingsChanged) out.findings.push(...findingRowsOf);
  }
  return out;
}

/** What `n200_write_records` answers: the records asked for, or the stale referrals as they are now (the others written). */
type WriteAnswer = { stale?: undefined; records: RecordWithHistory[] } | { stale: string[]; events: EventTuple[]; versions: RecordTuple[] };

/** A referral refolded again under its locks: at most this many times (the second is never stale). */
const MAX_WRITES = 3;

/**
 * Recomputes and writes the records of the referrals `beginWrite` read, inside the same transaction, in ONE
 * round trip (`n200_write_records`) unless another writer got there first: the function takes the referral
 * locks, then checks that no event of these referrals and no version of their records was committed since
 * `beginWrite` read them. The referrals where some were are not written but answered as they are now; they
 * are refolded again and sent again, under the locks the transaction now holds (so not stale twice). It
 * writes the records upsert, and for the records whose classification history or findings changed (by
 * version hash), their current versions closed and the new ones inserted. The only writer of
 * records, history and findings (findings kept current at ingest, in the same transaction: SPEC §6). A
 * refold that changes nothing writes nothing. It answers with the records of `answer` as they stand after
 * the write (undefined when there was nothing to refold). In a OneTripTransaction the write is sent with the
 * COMMIT (`n200_write_records_once`), and a stale referral fails it with serialization_failure instead.
 */
export async function writeRecords(
  tx: WriteTx,
  start: WriteStart,
  answer: readonly RecordKey[] = [],
): Promise<RecordWithHistory[] | undefined> {
  if (start.events.length === 0) return undefined;
  const before = hashesOf(start.records);
  const now = start.now.toISOString();
  const refolded = new Map<string, Refolded>();
  for (const [ref, rows] of byReferral(start.events)) refolded.set(ref, refold(ref, rows, before, now));
  // In a OneTripTransaction the write is sent with the COMMIT, so a stale referral cannot be sent again:
  // n200_write_records_once raises serialization_failure instead, and the caller runs the transaction again.
  const once = tx instanceof OneTripTransaction;
  for (let write = 1; ; write++) {
    const counts: Record<string, number> = {};
    const records: Row[] = [];
    const history: Row[] = [];
    const findings: Row[] = [];
    for (const [ref, r] of refolded) {
      counts[ref] = r.events;
      records.push(...r.records);
      history.push(...r.history);
      findings.push(...r.findings);
    }
    const written = await callIn<WriteAnswer>(
      tx,
      {
        fn: once ? 'n200_write_records_once' : 'n200_write_records',
        args: [
          [JSON.stringify(counts), 'jsonb'],
          [JSON.stringify(records), 'jsonb'],
          [JSON.stringify(history), 'jsonb'],
          [JSON.stringify(findings), 'jsonb'],
          [recordKeysJson(answer), 'jsonb'],
        ],
      },
      once,
    );
    if (!written.stale) return written.records;
    if (write >= MAX_WRITES) throw new Error(`referrals changed under their locks: ${written.stale.length}`);
    // Another writer committed events of these referrals since they were read: refold them from what is there now.
    // (the others are written)
    const fresh = byReferral(written.events);
    hashesOf(written.versions, before);
    refolded.clear();
    for (const ref of written.stale) refolded.set(ref, refold(ref, fresh.get(ref) ?? [], before, now));
  }
}
