import type { EntityManager } from 'typeorm';
import type { HocrEvent } from '../hocr/event-types';
import { crimeExpected } from '../hocr/classify';
import { evaluateChecks, firstCrimeRecordedAt, positiveRgRunStart } from '../hocr/checks';
import { factsView, type RecordWithHistory } from './record-view';
import { recordKeysJson, type RecordKey } from './record-reader';
import { refoldReferral, type EventRow, type RecordState } from './refold';
import { rowsHash } from './versioned-rows';

type Row = Record<string, unknown>;

/** SPEC §6 findings of the record: intervals (due, resolved), so no clock is needed to store them. */
function findingRows(s: RecordState): Row[] {
  return evaluateChecks(s.facts, { force: s.force }).map((f) => ({
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

function historyRows(s: RecordState): Row[] {
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

/** When the crime was first recorded on the force system (decisions.md HOCR 29: the same reading as MS-04/MS-05). */
function crimeRecordedAt(s: RecordState): string | null {
  return firstCrimeRecordedAt(s.facts)?.at ?? null;
}

/** When the force received the positive RG the crime is owed from (the same reading as MS-04). */
function positiveRgReceivedAt(s: RecordState): string | null {
  return positiveRgRunStart(s.facts)?.receivedAt ?? null;
}

/** An event row as `n200_ingest_begin` returns it: [seq, force, referral_ref, body, received_at, stored_at]. */
type EventTuple = [number, string, string, HocrEvent, string, string];
/** A record's version hashes as `n200_ingest_begin` returns them: [force, referral_ref, history_hash, findings_hash]. */
type RecordTuple = [string, string, string | null, string | null];

/** What the start of a write read, under the locks: the clock, the events inserted, and the referrals to refold. */
export interface WriteStart {
  /** The service time the rows are stamped with (read after the locks). */
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
 * Starts a write of the given referrals' records inside `tx`, in ONE round trip (`n200_ingest_begin`,
 * migration 1763840600000): joins the as-at fence (shared; src/database/system-time.ts), locks every
 * referral (sorted by hash, so two writers never deadlock; a referral, not a record, is the unit because a
 * transfer touches two forces' records), reads the service clock (after the locks, so writers of one record
 * stamp in commit order), inserts `events` (a replay is skipped), and reads the events and record versions
 * of the referrals to refold: those that gained an event, or every one of `referralRefs` when `refoldAll`.
 * The events it has just inserted are not read back but taken from `input` (the same values: the body is
 * stored as the JSON of the same object; times are compared to the millisecond).
 */
export async function beginWrite(
  tx: EntityManager,
  input: { sender: string; events: NewEventRow[]; referralRefs: string[]; refoldAll: boolean },
): Promise<WriteStart> {
  const [{ start }] = (await tx.query('SELECT n200_ingest_begin($1, $2::jsonb, $3::text[], $4) AS start', [
    input.sender,
    JSON.stringify(input.events),
    input.referralRefs,
    input.refoldAll,
  ])) as [
    {
      start: {
        now: string;
        inserted: string[];
        seqs: number[];
        stored: Record<string, string>;
        events: EventTuple[];
        records: RecordTuple[];
      };
    },
  ];
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

/**
 * Recomputes and writes the records of the referrals `beginWrite` read, inside the same transaction (which
 * holds their locks), in ONE round trip (`n200_write_records`): the records upsert, and for the records
 * whose classification history or findings changed (by version hash), their current versions closed and the
 * new ones inserted. The only writer of records, history and findings (findings kept current at ingest, in
 * the same transaction: SPEC §6). A refold that changes nothing writes nothing. It answers with the records
 * of `answer` as they stand after the write (undefined when there was nothing to refold).
 */
export async function writeRecords(
  tx: EntityManager,
  start: WriteStart,
  answer: readonly RecordKey[] = [],
): Promise<RecordWithHistory[] | undefined> {
  if (start.events.length === 0) return undefined;
  const byRef = new Map<string, EventRow[]>();
  for (const [seq, force, ref, event, receivedAt, storedAt] of start.events) {
    let list = byRef.get(ref);
    if (!list) byRef.set(ref, (list = []));
    list.push({ seq, force, event, receivedAt: new Date(receivedAt).toISOString(), storedAt: new Date(storedAt).toISOString() });
  }
  const before = new Map(
    start.records.map(([force, ref, historyHash, findingsHash]) => [`${force}|${ref}`, { historyHash, findingsHash }]),
  );
  const now = start.now.toISOString();
  const records: Row[] = [];
  const history: Row[] = [];
  const findings: Row[] = [];
  for (const [ref, rows] of byRef) {
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
      records.push({
        force: s.force,
        referral_ref: s.referralRef,
        status: s.classification.status,
        code: s.classification.code,
        rule: s.classification.rule,
        reason: s.classification.reason,
        crime_required: s.classification.crimeRequired,
        rule_set_version: s.ruleSetVersion,
        classified_since: s.timeline.at(-1)?.validFrom ?? now,
        referral_type: s.facts.referral?.referralType ?? null,
        crime_reference: s.facts.crimeReference,
        referral_received_at: s.facts.referralReceivedAt,
        received_date: s.receivedDate,
        recorded_at: s.facts.recordedAt,
        facts: factsView(s.facts),
        event_count: s.facts.eventCount,
        crime_expected: crimeExpected(s.facts),
        rg_positive_received_at: positiveRgReceivedAt(s),
        crime_recorded_at: crimeRecordedAt(s),
        history_hash: historyHash,
        findings_hash: findingsHash,
        history_changed: historyChanged,
        findings_changed: findingsChanged,
      });
      // History rows carry no referral_ref column; it is sent only to join them to their record.
      if (historyChanged) for (const row of historyRowsOf) history.push({ referral_ref: s.referralRef, ...row });
      if (findingsChanged) findings.push(...findingRowsOf);
    }
  }
  const [{ answer: answered }] = (await tx.query('SELECT n200_write_records($1::jsonb, $2::jsonb, $3::jsonb, $4, $5::jsonb) AS answer', [
    JSON.stringify(records),
    JSON.stringify(history),
    JSON.stringify(findings),
    start.now,
    recordKeysJson(answer),
  ])) as [{ answer: RecordWithHistory[] }];
  return answered;
}
