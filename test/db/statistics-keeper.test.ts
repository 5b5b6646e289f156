import type { DataSource } from 'typeorm';
import { CHECK_EVERY_MS, MIN_CHANGES, StatisticsKeeper } from '../../src/records/statistics-keeper';
import { useTestDataSource } from '../helpers/test-database';

describe('StatisticsKeeper: planner statistics while data pours in', () => {
  let ds: DataSource;
  useTestDataSource(async (opened) => {
    ds = opened;
  });

  // reltuples is -1 until a table has been analyzed (PostgreSQL 14+), on the server and on PGlite.
  const reltuples = async (table = 'events') =>
    Number(((await ds.query(`SELECT reltuples FROM pg_class WHERE relname = $1`, [table])) as { reltuples: string }[])[0].reltuples);
  let next = 0;
  /** Inserts n events in a transaction whose statistics are flushed when it ends (not up to 10 s later). */
  const insertEvents = async (n: number) => {
    await ds.transaction(async (tx) => {
      await tx.query('SELECT pg_stat_force_next_flush()');
      await tx.query(
        `INSERT INTO events (sender, event_id, type, force, referral_ref, body, content_hash, occurred_at, received_at, stored_at)
         SELECT 's', 'e' || g, 'REFERRAL_RECEIVED', 'E23000010', 'R' || g, '{}', 'h', now(), now(), now() FROM generate_series($1::int, $2::int) g`,
        [next + 1, next + n],
      );
    });
    next += n;
  };

  it(`does not analyze a table that has changed by fewer than ${MIN_CHANGES} rows`, async () => {
    await insertEvents(MIN_CHANGES - 1);
    await expect(new StatisticsKeeper(ds).check()).resolves.toEqual([]);
    expect(await reltuples()).toBe(-1);
  });

  it('analyzes the tables that have changed enough, and only those', async () => {
    await insertEvents(1);
    await expect(new StatisticsKeeper(ds).check()).resolves.toEqual(['events']);
    expect(await reltuples()).toBe(MIN_CHANGES);
    expect(await reltuples('records')).toBe(-1);
  });

  it('waits until a table has changed by as many rows as it had when last analyzed', async () => {
    await insertEvents(MIN_CHANGES - 1);
    await expect(new StatisticsKeeper(ds).check()).resolves.toEqual([]);
    await insertEvents(1);
    await expect(new StatisticsKeeper(ds).check()).resolves.toEqual(['events']);
    expect(await reltuples()).toBe(2 * MIN_CHANGES);
  });

  it('after a write, looks at most once a second, in the background', async () => {
    const keeper = new StatisticsKeeper(ds);
    await insertEvents(2 * MIN_CHANGES);
    keeper.noteInserted(2 * MIN_CHANGES);
    for (let i = 0; i < 100 && (await reltuples()) !== 4 * MIN_CHANGES; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await reltuples()).toBe(4 * MIN_CHANGES);
    // a second write within the second is not looked at
    await insertEvents(4 * MIN_CHANGES);
    keeper.noteInserted(4 * MIN_CHANGES);
    await new Promise((r) => setTimeout(r, CHECK_EVERY_MS / 4));
    expect(await reltuples()).toBe(4 * MIN_CHANGES);
  });
});
