import { DataSource, type EntityManager } from 'typeorm';
import { canonicalJson } from '../../src/hocr/canonical-json';
import { occurredInstant, type HocrEvent } from '../../src/hocr/event-types';
import { referral, rg } from '../../src/hocr/fixtures';
import { IngestEventsCommand } from '../../src/ingestion/ingest-events/ingest-events.command';
import { IngestEventsHandler } from '../../src/ingestion/ingest-events/ingest-events.handler';
import { beginWrite, eventRow, writeRecords, type NewEventRow } from '../../src/records/record-writer';
import { serverUrl, useTestDataSource } from '../helpers/test-database';

/**
 * The referral locks are taken at the write of the records (migration 1763840800000): a writer reads a
 * referral's events without them, and another writer can commit an event of the same referral in between.
 * The write must then refold from what is committed, never write records that miss an event.
 */
describe('a write whose referral gained an event after it was read', () => {
  let ds: DataSource;
  useTestDataSource(async (opened) => {
    ds = opened;
  });

  const receivedAt = '2024-06-20T10:00:00.000Z';
  const row = (event: HocrEvent, ord = 0): NewEventRow => eventRow(ord, event, canonicalJson(event), receivedAt);
  const insert = (tx: EntityManager, sender: string, e: HocrEvent) =>
    tx.query(
      `INSERT INTO events (sender, event_id, type, force, referral_ref, body, content_hash, occurred_at, received_at, stored_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, clock_timestamp())`,
      [sender, e.eventId, e.type, e.force, e.referralRef, JSON.stringify(e), 'x', occurredInstant(e), receivedAt],
    );
  const record = async (ref: string) => {
    const [r] = (await ds.query(
      `SELECT r.code, r.rule, r.event_count, r.version,
              (SELECT count(*)::int FROM classification_history h WHERE h.record_id = r.id AND h.system_to IS NULL) AS current_rows
         FROM records r WHERE r.referral_ref = $1`,
      [ref],
    )) as Record<string, unknown>[];
    return r;
  };
  const serially = async (ref: string, events: HocrEvent[]) => {
    await new IngestEventsHandler(ds).execute(new IngestEventsCommand(events, 'serial', new Date(receivedAt)));
    return record(ref);
  };

  it('refolds from the events there now (an event of the referral appears between read and write)', async () => {
    const ref = 'RACE-SIMULATED';
    const [first, second] = [referral({ eventId: 'sim-ref', referralRef: ref }), rg('POSITIVE', { eventId: 'sim-rg', referralRef: ref })];
    await ds.transaction(async (tx) => {
      const start = await beginWrite(tx, { sender: 's', events: [row(first)], referralRefs: [ref], refoldAll: false });
      expect(start.events).toHaveLength(1);
      // what another writer's committed event looks like to this transaction once it holds the locks
      await insert(tx, 'other', second);
      await writeRecords(tx, start);
    });
    const expected = await serially('RACE-SERIAL-1', [
      referral({ eventId: 'ser1-ref', referralRef: 'RACE-SERIAL-1' }),
      rg('POSITIVE', { eventId: 'ser1-rg', referralRef: 'RACE-SERIAL-1' }),
    ]);
    expect(await record(ref)).toEqual(expected);
    expect(expected).toMatchObject({ code: '106', rule: 'RG_POSITIVE_EW', event_count: 2 });
  });

  // Two transactions side by side need two sessions: PGlite has one (its driver serialises them).
  (serverUrl() ? it : it.skip)('two writers of one referral, the second committing between the first one’s read and write', async () => {
    const ref = 'RACE-REAL';
    const first = referral({ eventId: 'real-ref', referralRef: ref });
    const second = rg('POSITIVE', { eventId: 'real-rg', referralRef: ref });
    const a = ds.createQueryRunner();
    await a.connect();
    try {
      await a.startTransaction();
      const start = await beginWrite(a.manager, { sender: 'a', events: [row(first)], referralRefs: [ref], refoldAll: false });
      // B reads without A's uncommitted event, takes the locks (free), writes a record from its own event and commits
      await new IngestEventsHandler(ds).execute(new IngestEventsCommand([second], 'b', new Date(receivedAt)));
      expect(await record(ref)).toMatchObject({ event_count: 1 });
      await writeRecords(a.manager, start);
      await a.commitTransaction();
    } finally {
      await a.release();
    }
    const expected = await serially('RACE-SERIAL-2', [
      referral({ eventId: 'ser2-ref', referralRef: 'RACE-SERIAL-2' }),
      rg('POSITIVE', { eventId: 'ser2-rg', referralRef: 'RACE-SERIAL-2' }),
    ]);
    // B wrote version 1, A version 2 over it (a new history version, the old one closed)
    expect(await record(ref)).toEqual({ ...expected, version: 2 });
  });
});

describe('two batches of the same new events in opposite orders, at once', () => {
  let ds: DataSource;
  useTestDataSource(async (opened) => {
    ds = opened;
  });

  // On the server each batch can wait for the other's uncommitted events in the unique index, in opposite
  // orders: a deadlock, which PostgreSQL breaks by aborting one (a 500 before the handler ran it again).
  (serverUrl() ? it : it.skip)('every batch goes through, each event once, whatever deadlocks were broken on the way', async () => {
    const handler = new IngestEventsHandler(ds);
    const groups = Array.from({ length: 100 }, (_, i) =>
      Array.from({ length: 8 }, (_, j) => referral({ eventId: `dl-${i}-${j}`, referralRef: `DL-${i}-${j}` })),
    );
    const outcomes = await Promise.allSettled(
      groups.flatMap((events) => [
        handler.execute(new IngestEventsCommand(events, 'dl', new Date())),
        handler.execute(new IngestEventsCommand([...events].reverse(), 'dl', new Date())),
      ]),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const applied = outcomes.flatMap((o) => (o.status === 'fulfilled' ? o.value.filter((r) => r.status === 'APPLIED') : []));
    expect(applied).toHaveLength(800);
    const [{ events, records }] = (await ds.query(
      `SELECT (SELECT count(*)::int FROM events WHERE sender = 'dl') AS events,
              (SELECT count(*)::int FROM records WHERE referral_ref LIKE 'DL-%') AS records`,
    )) as [{ events: number; records: number }];
    expect({ events, records }).toEqual({ events: 800, records: 800 });
  });
});
