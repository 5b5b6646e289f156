import { DataSource } from 'typeorm';
import { OneTripTransaction, oneTripTransaction, type SqlCall } from '../../src/database/one-trip';
import { referral, rg } from '../../src/hocr/fixtures';
import { IngestEventsCommand } from '../../src/ingestion/ingest-events/ingest-events.command';
import { IngestEventsHandler } from '../../src/ingestion/ingest-events/ingest-events.handler';
import { serverUrl, useTestDataSource } from '../helpers/test-database';

/**
 * The single-event write sends BEGIN with its first statement and COMMIT with its last (src/database/one-trip.ts),
 * pipelined on the server: the statements go without waiting for each other's answers.
 */
describe('a transaction of one trip at each end', () => {
  let ds: DataSource;
  useTestDataSource(async (opened) => {
    ds = opened;
    await ds.query('CREATE TABLE trip (id int PRIMARY KEY, v text NOT NULL)');
    await ds.query(
      `CREATE FUNCTION trip_put(p_id text, p_v text) RETURNS int LANGUAGE sql AS 'INSERT INTO trip VALUES (p_id::int, p_v) RETURNING id'`,
    );
    await ds.query(`CREATE FUNCTION trip_put_json(p jsonb) RETURNS int LANGUAGE sql AS $$SELECT trip_put(p->>'id', p->>'v')$$`);
  });
  const put = (id: string, v: string): SqlCall => ({
    fn: 'trip_put',
    args: [
      [id, 'text'],
      [v, 'text'],
    ],
  });
  const stored = async () =>
    ((await ds.query('SELECT id, v FROM trip ORDER BY id')) as { id: number; v: string }[]).map((r) => [r.id, r.v]);

  it('answers the call with the value of its one column, every argument read as sent', async () => {
    const tricky = "O'Brien \\ 'quoted' \\' ; -- E'x' $$ ü 🙂 \n\t";
    const answer = await oneTripTransaction(ds, (tx) =>
      tx.call<unknown[]>(
        {
          fn: 'jsonb_build_array',
          args: [
            [tricky, 'text'],
            [JSON.stringify({ tricky, nested: ['\\u0000', '"'] }), 'jsonb'],
            [[tricky, 'plain'], 'text[]'],
            [[], 'text[]'],
            [false, 'boolean'],
            [null, 'text'],
          ],
        },
        true,
      ),
    );
    expect(answer).toEqual([tricky, { tricky, nested: ['\\u0000', '"'] }, [tricky, 'plain'], [], false, null]);
  });

  it('commits with its last call, and a failed last call leaves nothing of the transaction', async () => {
    await oneTripTransaction(ds, async (tx) => {
      await tx.call(put('1', 'one'));
      await tx.call(put('2', 'two'), true);
    });
    expect(await stored()).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    await expect(
      oneTripTransaction(ds, async (tx) => {
        await tx.call(put('3', 'three'));
        // the key is taken: the statement fails, so the COMMIT sent with it rolls the transaction back
        await tx.call({ fn: 'trip_put_json', args: [[JSON.stringify({ id: 1, v: 'again' }), 'jsonb']] }, true);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await stored()).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    // and the connection went back to the pool usable, outside any transaction
    await expect(ds.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('rolls back when the work throws between its calls', async () => {
    await expect(
      oneTripTransaction(ds, async (tx) => {
        await tx.call(put('4', 'four'));
        throw new Error('refused by the service');
      }),
    ).rejects.toThrow('refused by the service');
    expect((await stored()).map(([id]) => id)).toEqual([1, 2]);
  });

  (serverUrl() ? it : it.skip)('on the server, sends BEGIN, the call and COMMIT in one socket write (one round trip)', async () => {
    type Stream = { _write: (...a: unknown[]) => unknown; _writev: (...a: unknown[]) => unknown };
    const runner = ds.createQueryRunner();
    try {
      const client = (await runner.connect()) as { pipeline?: boolean; connection: { stream: Stream } };
      expect(client.pipeline).toBe(true);
      const stream = client.connection.stream;
      let writes = 0;
      const [write, writev] = [stream._write, stream._writev];
      stream._write = (...a) => (writes++, write.apply(stream, a));
      stream._writev = (...a) => (writes++, writev.apply(stream, a));
      try {
        const tx = new OneTripTransaction(client as never);
        await expect(tx.call(put('9', 'nine'), true)).resolves.toBe(9);
      } finally {
        Object.assign(stream, { _write: write, _writev: writev });
      }
      expect(writes).toBe(1);
    } finally {
      await runner.release();
    }
    await ds.query('DELETE FROM trip WHERE id = 9');
  });

  // A write goes stale only when another session commits an event of its referral between its read and its
  // write: that needs two sessions, which PGlite has not.
  (serverUrl() ? it : it.skip)('a single event whose referral moved before its write is rolled back and written again', async () => {
    const ref = 'ONE-TRIP-RACE';
    const blocker = ds.createQueryRunner();
    await blocker.connect();
    try {
      // hold the referral's lock, so the single event's write waits after its read (n200_write_records takes it)
      await blocker.startTransaction();
      await blocker.query('SELECT pg_advisory_xact_lock(20200, hashtext($1))', [ref]);
      const single = new IngestEventsHandler(ds).execute(
        new IngestEventsCommand([referral({ eventId: 'trip-ref', referralRef: ref })], 'single', new Date('2024-06-20T10:00:00Z'), true),
      );
      // the single event's read is done once its event is in (uncommitted): wait for its insert to be waiting on the lock
      for (let i = 0; i < 200; i++) {
        const [{ n }] = (await ds.query(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = 20200",
        )) as [{ n: number }];
        if (n > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      // another writer's event of the same referral, committed while the single event waits
      await ds.query(
        `INSERT INTO events (sender, event_id, type, force, referral_ref, body, content_hash, occurred_at, received_at, stored_at)
         SELECT 'other', e->>'eventId', e->>'type', e->>'force', e->>'referralRef', e, 'x', now(), now(), clock_timestamp()
           FROM (SELECT $1::jsonb AS e) AS s`,
        [JSON.stringify(rg('POSITIVE', { eventId: 'trip-rg', referralRef: ref }))],
      );
      await blocker.commitTransaction();
      const [result] = await single;
      expect(result).toMatchObject({ status: 'APPLIED', record: { classification: { code: '106' }, facts: { eventCount: 2 } } });
    } finally {
      await blocker.release();
    }
    const [row] = (await ds.query(
      `SELECT r.event_count, r.code, (SELECT count(*)::int FROM events WHERE referral_ref = $1) AS events
         FROM records r WHERE r.referral_ref = $1`,
      [ref],
    )) as Record<string, unknown>[];
    expect(row).toEqual({ event_count: 2, code: '106', events: 2 });
  });
});
