import type { DataSource } from 'typeorm';
import { FIRST_ANALYZE_AFTER, StatisticsKeeper } from '../../src/records/statistics-keeper';
import { openTestDataSource, type TestDatabase } from '../helpers/test-database';

describe('StatisticsKeeper: planner statistics during bulk ingest', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    ({ db, ds } = await openTestDataSource());
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  // reltuples is -1 until a table has been analyzed (PostgreSQL 14+), on the server and on PGlite.
  const reltuples = async () =>
    Number(((await ds.query(`SELECT reltuples FROM pg_class WHERE relname = 'events'`)) as { reltuples: string }[])[0].reltuples);
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
  };

  it('does not analyze before the tables have grown by 1,000 events', async () => {
    const keeper = new StatisticsKeeper(ds);
    const before = await reltuples();
    keeper.noteInserted(FIRST_ANALYZE_AFTER - 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await reltuples()).toBe(before);
  });

  it('analyzes the write path tables once they have grown enough', async () => {
    const keeper = new StatisticsKeeper(ds);
    await ds.query(`INSERT INTO events (sender, event_id, type, force, referral_ref, body, content_hash, occurred_at, received_at, stored_at)
                    SELECT 's', 'e' || g, 'REFERRAL_RECEIVED', 'E23000010', 'R' || g, '{}', 'h', now(), now(), now() FROM generate_series(1, 50) g`);
    keeper.noteInserted(FIRST_ANALYZE_AFTER);
    await until(async () => (await reltuples()) === 50);
    expect(await reltuples()).toBe(50);
  });

  it('after a boot, waits until the events table has doubled since it was last analyzed', async () => {
    const keeper = new StatisticsKeeper(ds);
    await keeper.onApplicationBootstrap(); // events: 50 rows, analyzed by the test above
    await ds.query(`INSERT INTO events (sender, event_id, type, force, referral_ref, body, content_hash, occurred_at, received_at, stored_at)
                    SELECT 's', 'f' || g, 'REFERRAL_RECEIVED', 'E23000010', 'R' || g, '{}', 'h', now(), now(), now() FROM generate_series(1, 5000) g`);
    keeper.noteInserted(FIRST_ANALYZE_AFTER);
    await until(async () => (await reltuples()) === 5050);
    expect(await reltuples()).toBe(5050);
    const big = new StatisticsKeeper(ds);
    await big.onApplicationBootstrap(); // now 5,050 rows: 1,000 more is not a doubling
    await ds.query(`INSERT INTO events (sender, event_id, type, force, referral_ref, body, content_hash, occurred_at, received_at, stored_at)
                    SELECT 's', 'g' || g, 'REFERRAL_RECEIVED', 'E23000010', 'R' || g, '{}', 'h', now(), now(), now() FROM generate_series(1, 1000) g`);
    big.noteInserted(1_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await reltuples()).toBe(5050);
  });
});
