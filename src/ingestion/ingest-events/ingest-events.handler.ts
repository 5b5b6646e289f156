import { hash } from 'node:crypto';
import { Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StatisticsKeeper } from '../../records/statistics-keeper';
import { DataSource } from 'typeorm';
import { callIn, OneTripTransaction, oneTripTransaction, type WriteTx } from '../../database/one-trip';
import { AppError, ConflictError } from '../../common/app-error';
import { canonicalJson, sameEventContent } from '../../hocr/canonical-json';
import type { HocrEvent } from '../../hocr/event-types';
import { parseIsoDateTime } from '../../hocr/iso';
import { beginWrite, eventRow, writeRecords } from '../../records/record-writer';
import { recordKey, recordsCall } from '../../records/record-reader';
import type { RecordWithHistory } from '../../records/record-view';
import { recordView } from '../../records/record-view';
import { IngestEventsCommand, type IngestResult } from './ingest-events.command';

/** SQLSTATE of n200_write_records_once when a referral moved since it was read (migration 1763841000000). */
const SERIALIZATION_FAILURE = '40001';
/** Thrown in a one-trip transaction that must read stored events to tell a duplicate from a conflict. */
class StoredContentToRead extends Error {}
/** SQLSTATE of a transaction PostgreSQL aborted to break a deadlock. */
const DEADLOCK_DETECTED = '40P01';
/** Runs of a write that PostgreSQL aborted to break a deadlock, at most. */
const MAX_DEADLOCK_RUNS = 8;

interface Prepared {
  event: HocrEvent;
  /** SHA-256 of the event's canonical JSON (a replay has the same). */
  hash: string;
  /** The default receivedAt (when the service received it), ISO. */
  receivedAt: string;
}

/**
 * IngestEvents (SPEC §4, ARCHITECTURE "The way data flows"), in ONE transaction, set-based (a few
 * statements per batch, never per event):
 * 1. insert the events; a replay (same sender and eventId, same content) is a no-op answered
 *    DUPLICATE, the same eventId with other content is a 409 and nothing at all is written;
 * 2. refold each referral that gained an event from all its events;
 * 3. lock those referrals (advisory locks, in a fixed order: no deadlocks), check that no other writer
 *    committed one of their events meanwhile (those are refolded again), and write their records, history
 *    and findings, so concurrent requests for one record end as a serial run would.
 * Two statements in all, three when a referral moved (src/records/record-writer.ts): each is a round trip,
 * and single events are bound by round trips.
 */
@CommandHandler(IngestEventsCommand)
export class IngestEventsHandler implements ICommandHandler<IngestEventsCommand, IngestResult[]> {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly statistics?: StatisticsKeeper,
  ) {}

  async execute(command: IngestEventsCommand): Promise<IngestResult[]> {
    const at = command.receivedAt;
    const one = Array.isArray(at) ? '' : (at as Date).toISOString();
    const receivedAt = Array.isArray(at) ? (i: number) => at[i].toISOString() : () => one;
    const prepared = command.events.map((event, i): Prepared => ({
      event,
      hash: hash('sha256', canonicalJson(event), 'hex'),
      receivedAt: receivedAt(i),
    }));
    // The same eventId twice in one batch: a duplicate if equal, a conflict if not.
    const firstById = new Map<string, Prepared>();
    const conflicts: { index: number; field: string; reason: string }[] = [];
    prepared.forEach((p, index) => {
      const first = firstById.get(p.event.eventId);
      if (!first) firstById.set(p.event.eventId, p);
      else if (first.hash !== p.hash && !sameEventContent(first.event, p.event))
        conflicts.push({ index, field: 'eventId', reason: 'repeats an eventId of this batch with different content' });
    });
    if (conflicts.length > 0) throw this.conflict(conflicts);

    const write = (tx: WriteTx) => this.ingest(tx, command, prepared, [...firstById.values()]);
    const results = await this.againAfterDeadlock(() => (command.withRecords ? this.inOneTrip(write) : this.dataSource.transaction(write)));
    this.statistics?.noteInserted(results.filter((r) => r.status === 'APPLIED').length);
    return results;
  }

  /**
   * Single events (and NRM forms: the requests that wait for their records) are bound by round trips, so
   * their transaction sends BEGIN with its first statement and COMMIT with its last: two trips, not four
   * (src/database/one-trip.ts). If a referral moved between the read and the write (another writer
   * committed one of its events), that write cannot be sent again before its COMMIT: it fails with
   * serialization_failure, is rolled back, and runs again a statement a trip, where stale referrals are
   * refolded under their locks. Batches of the loader and the broker keep a statement a trip: their trips
   * are few per event, and their consecutive batches often share referrals.
   */
  private async inOneTrip<T>(write: (tx: WriteTx) => Promise<T>): Promise<T> {
    try {
      return await oneTripTransaction(this.dataSource, write);
    } catch (err) {
      if ((err as { code?: unknown }).code !== SERIALIZATION_FAILURE && !(err instanceof StoredContentToRead)) throw err;
      return this.dataSource.transaction(write);
    }
  }

  /**
   * Two batches that share events in a different order can each wait for the other's uncommitted events
   * (the unique index on (sender, eventId)): PostgreSQL breaks the deadlock by aborting one, which has written
   * nothing. It runs again after a short random pause, as a serial run would have; past MAX_DEADLOCK_RUNS the
   * sender is told to send again (503), never a 500 (docs/decisions.md, "A deadlocked write runs again").
   */
  private async againAfterDeadlock<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (err) {
        if ((err as { code?: unknown }).code !== DEADLOCK_DETECTED) throw err;
        if (attempt >= MAX_DEADLOCK_RUNS) {
          throw new AppError(
            503,
            'WRITE_CONTENDED',
            'The write met other writes of the same events and did not go through; send it again',
            [],
          );
        }
        await new Promise((resolve) => setTimeout(resolve, attempt * (5 + Math.random() * 20)));
      }
    }
  }

  private async ingest(tx: WriteTx, command: IngestEventsCommand, all: Prepared[], unique: Prepared[]): Promise<IngestResult[]> {
    const start = await beginWrite(tx, {
      sender: command.sender,
      events: unique.map((p, ord) =>
        eventRow(ord, p.event, p.hash, p.event.receivedAt ? new Date(parseIsoDateTime(p.event.receivedAt)!).toISOString() : p.receivedAt),
      ),
      referralRefs: [...new Set(unique.map((p) => p.event.referralRef))],
      refoldAll: false,
    });
    const applied = start.inserted;

    if (start.stored.size > 0) {
      const differing = all
        .map((p, index) => ({ p, index }))
        .filter(({ p }) => !applied.has(p.event.eventId) && start.stored.get(p.event.eventId) !== p.hash);
      const changed = differing.length === 0 ? [] : await this.changedContent(tx, command.sender, differing);
      if (changed.length > 0)
        throw this.conflict(changed.map((index) => ({ index, field: 'eventId', reason: 'was already received with different content' })));
    }

    const keys = command.withRecords ? all.map((p) => ({ force: p.event.force, referralRef: p.event.referralRef })) : [];
    const answered =
      (await writeRecords(tx, start, keys)) ?? (keys.length > 0 ? await callIn<RecordWithHistory[]>(tx, recordsCall(keys), true) : []);
    const records = new Map(answered.map((r) => [recordKey(r.force, r.referral_ref), recordView(r, r.history)]));

    const seen = new Set<string>();
    return all.map((p) => {
      const first = applied.has(p.event.eventId) && !seen.has(p.event.eventId);
      seen.add(p.event.eventId);
      const result: IngestResult = {
        eventId: p.event.eventId,
        status: first ? 'APPLIED' : 'DUPLICATE',
        force: p.event.force,
        referralRef: p.event.referralRef,
      };
      const record = records.get(recordKey(p.event.force, p.event.referralRef));
      if (record) result.record = record;
      return result;
    });
  }

  /**
   * Of the events whose hash differs from the stored one's, the indexes of those whose content does differ:
   * the same instants written another way are the same content (sameEventContent). Rare, so the stored events
   * are read only then; a one-trip transaction cannot read, so it runs again as a plain one.
   */
  private async changedContent(tx: WriteTx, sender: string, differing: { p: Prepared; index: number }[]): Promise<number[]> {
    if (tx instanceof OneTripTransaction) throw new StoredContentToRead();
    const rows = (await tx.query('SELECT event_id, body FROM events WHERE sender = $1 AND event_id = ANY($2::text[])', [
      sender,
      differing.map(({ p }) => p.event.eventId),
    ])) as { event_id: string; body: HocrEvent }[];
    const stored = new Map(rows.map((r) => [r.event_id, r.body]));
    return differing.filter(({ p }) => !sameEventContent(stored.get(p.event.eventId) ?? {}, p.event)).map(({ index }) => index);
  }

  private conflict(details: { index: number; field: string; reason: string }[]): ConflictError {
    return new ConflictError('EVENT_CONFLICT', 'An eventId was sent again with different content; nothing was written', details);
  }
}
