import { createHash } from 'node:crypto';
import { Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StatisticsKeeper } from '../../records/statistics-keeper';
import { DataSource, type EntityManager } from 'typeorm';
import { ConflictError } from '../../common/app-error';
import { canonicalJson } from '../../hocr/canonical-json';
import { occurredInstant, type HocrEvent } from '../../hocr/event-types';
import { beginReferralWrite } from '../../records/referral-locks';
import { writeReferralRecords } from '../../records/record-writer';
import { IngestEventsCommand, type IngestResult } from './ingest-events.command';

interface Prepared {
  event: HocrEvent;
  hash: string;
  body: string;
}

/**
 * IngestEvents (SPEC §4, ARCHITECTURE "The way data flows"), in ONE transaction, set-based (a few
 * statements per batch, never per event):
 * 1. lock every referral the batch touches (advisory locks, in a fixed order: no deadlocks), so
 *    concurrent requests for one record serialise;
 * 2. insert the events; a replay (same sender and eventId, same content) is a no-op answered
 *    DUPLICATE, the same eventId with other content is a 409 and nothing at all is written;
 * 3. refold each touched referral from all its events and write its records and history.
 */
@CommandHandler(IngestEventsCommand)
export class IngestEventsHandler implements ICommandHandler<IngestEventsCommand, IngestResult[]> {
  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly statistics?: StatisticsKeeper,
  ) {}

  async execute(command: IngestEventsCommand): Promise<IngestResult[]> {
    const prepared = command.events.map((event): Prepared => {
      const body = canonicalJson(event);
      return { event, body, hash: createHash('sha256').update(body).digest('hex') };
    });
    // The same eventId twice in one batch: a duplicate if equal, a conflict if not.
    const firstById = new Map<string, Prepared>();
    const conflicts: { index: number; field: string; reason: string }[] = [];
    prepared.forEach((p, index) => {
      const first = firstById.get(p.event.eventId);
      if (!first) firstById.set(p.event.eventId, p);
      else if (first.hash !== p.hash)
        conflicts.push({ index, field: 'eventId', reason: 'repeats an eventId of this batch with different content' });
    });
    if (conflicts.length > 0) throw this.conflict(conflicts);

    const results = await this.dataSource.transaction((tx) => this.ingest(tx, command, prepared, [...firstById.values()]));
    this.statistics?.noteInserted(results.filter((r) => r.status === 'APPLIED').length);
    return results;
  }

  private async ingest(tx: EntityManager, command: IngestEventsCommand, all: Prepared[], unique: Prepared[]): Promise<IngestResult[]> {
    const refs = [...new Set(unique.map((p) => p.event.referralRef))];
    const now = await beginReferralWrite(tx, refs);
    const receivedAt = command.receivedAt.toISOString();

    const rows = unique.map((p, ord) => ({
      ord,
      event_id: p.event.eventId,
      type: p.event.type,
      force: p.event.force,
      referral_ref: p.event.referralRef,
      body: p.body,
      content_hash: p.hash,
      occurred_at: occurredInstant(p.event),
      received_at: p.event.receivedAt ?? receivedAt,
    }));
    const inserted = (await tx.query(
      `INSERT INTO events (sender, event_id, type, force, referral_ref, body, content_hash, occurred_at, received_at, stored_at)
       SELECT $2, x.event_id, x.type, x.force, x.referral_ref, x.body::jsonb, x.content_hash, x.occurred_at, x.received_at, $3
         FROM jsonb_to_recordset($1::jsonb)
              AS x(event_id text, type text, force text, referral_ref text, body text, content_hash text,
                   occurred_at timestamptz, received_at timestamptz, ord bigint)
        ORDER BY x.ord
       ON CONFLICT (sender, event_id) DO NOTHING
       RETURNING event_id`,
      [JSON.stringify(rows), command.sender, now],
    )) as { event_id: string }[];
    const applied = new Set(inserted.map((r) => r.event_id));

    const replayed = unique.filter((p) => !applied.has(p.event.eventId));
    if (replayed.length > 0) {
      const stored = (await tx.query(
        'SELECT e.event_id, e.content_hash FROM unnest($2::text[]) AS u(id) JOIN events e ON e.sender = $1 AND e.event_id = u.id',
        [command.sender, replayed.map((p) => p.event.eventId)],
      )) as { event_id: string; content_hash: string }[];
      const hashes = new Map(stored.map((r) => [r.event_id, r.content_hash]));
      const changed = all
        .map((p, index) => ({ p, index }))
        .filter(({ p }) => !applied.has(p.event.eventId) && hashes.get(p.event.eventId) !== p.hash)
        .map(({ index }) => ({ index, field: 'eventId', reason: 'was already received with different content' }));
      if (changed.length > 0) throw this.conflict(changed);
    }

    const touched = [...new Set(unique.filter((p) => applied.has(p.event.eventId)).map((p) => p.event.referralRef))];
    if (touched.length > 0) await writeReferralRecords(tx, touched, now);

    const seen = new Set<string>();
    return all.map((p) => {
      const first = applied.has(p.event.eventId) && !seen.has(p.event.eventId);
      seen.add(p.event.eventId);
      return { eventId: p.event.eventId, status: first ? 'APPLIED' : 'DUPLICATE', force: p.event.force, referralRef: p.event.referralRef };
    });
  }

  private conflict(details: { index: number; field: string; reason: string }[]): ConflictError {
    return new ConflictError('EVENT_CONFLICT', 'An eventId was sent again with different content; nothing was written', details);
  }
}
