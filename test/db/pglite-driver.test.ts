import { DataSource } from 'typeorm';
import { useTestDataSource } from '../helpers/test-database';

/**
 * The embedded driver must behave like `pg` on a PostgreSQL server: the same file runs on both (PGlite by
 * default, the server with TEST_DATABASE_URL), so every expectation here is what `pg` gives.
 */
describe('database driver: transactions and value types', () => {
  let ds: DataSource;
  useTestDataSource(async (opened) => {
    ds = opened;
    await ds.query('CREATE TABLE scratch (id serial PRIMARY KEY, label text NOT NULL UNIQUE)');
    await ds.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
  });

  beforeEach(async () => {
    await ds.query('TRUNCATE scratch');
    await ds.query('DELETE FROM counter');
  });

  const countScratch = async (): Promise<number> => Number((await ds.query('SELECT count(*) AS n FROM scratch'))[0].n);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('never shows a rolled-back transaction’s rows to a concurrent reader, not even while it is open', async () => {
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((r) => (inserted = r));
    const writer = ds.transaction(async (m) => {
      await m.query("INSERT INTO scratch (label) VALUES ('a'), ('b'), ('c')");
      inserted();
      // Stay open while the readers run; never await them here (on PGlite they wait for this transaction).
      await sleep(100);
      await m.query("INSERT INTO scratch (label) VALUES ('d')");
      throw new Error('roll me back');
    });
    await insertedSignal;
    const readers = Array.from({ length: 5 }, () => countScratch());
    const [writerResult, ...seen] = await Promise.allSettled([writer, ...readers]);
    expect(writerResult.status).toBe('rejected');
    expect(seen).toEqual(Array(5).fill({ status: 'fulfilled', value: 0 }));
    expect(await countScratch()).toBe(0);
  });

  it('keeps a committed transaction’s rows and a concurrent rolled-back one’s out', async () => {
    const results = await Promise.allSettled([
      ds.transaction(async (m) => {
        await m.query("INSERT INTO scratch (label) VALUES ('kept')");
        await sleep(20);
      }),
      ds.transaction(async (m) => {
        await m.query("INSERT INTO scratch (label) VALUES ('lost')");
        await sleep(20);
        throw new Error('roll me back');
      }),
      (async () => {
        await sleep(5);
        return countScratch();
      })(),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // The reader saw either nothing or only the committed row, never 'lost'.
    expect([0, 1]).toContain((results[2] as PromiseFulfilledResult<number>).value);
    expect(await ds.query('SELECT label FROM scratch ORDER BY label')).toEqual([{ label: 'kept' }]);
  });

  it('ends at N after N concurrent read-modify-write transactions on one counter row', async () => {
    const N = 25;
    await ds.query('INSERT INTO counter (id, n) VALUES (1, 0)');
    await Promise.all(
      Array.from({ length: N }, () =>
        ds.transaction(async (m) => {
          const [{ n }] = await m.query('SELECT n FROM counter WHERE id = 1 FOR UPDATE');
          await sleep(1);
          await m.query('UPDATE counter SET n = $1 WHERE id = 1', [n + 1]);
        }),
      ),
    );
    expect(await ds.query('SELECT n FROM counter WHERE id = 1')).toEqual([{ n: N }]);
  });

  it('rolls back the whole transaction when one statement fails', async () => {
    await expect(
      ds.transaction(async (m) => {
        await m.query("INSERT INTO scratch (label) VALUES ('first')");
        await m.query('INSERT INTO counter (id, n) VALUES (7, 1)');
        await m.query("INSERT INTO scratch (label) VALUES ('first')"); // unique violation
      }),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
    expect(await countScratch()).toBe(0);
    expect(await ds.query('SELECT * FROM counter')).toEqual([]);
    // The session is usable afterwards (no transaction left open on the single PGlite session).
    await ds.query("INSERT INTO scratch (label) VALUES ('after')");
    expect(await countScratch()).toBe(1);
  });

  it('releases the session after a failed statement outside a transaction', async () => {
    await expect(ds.query('SELECT * FROM no_such_table')).rejects.toMatchObject({
      driverError: expect.objectContaining({ code: '42P01' }),
    });
    expect(await ds.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('answers a message of several statements with a result for each, in order, as pg does', async () => {
    const runner = ds.createQueryRunner();
    const client = (await runner.connect()) as { query(sql: string): Promise<{ rows: unknown[] }[] | { rows: unknown[] }> };
    try {
      const answer = await client.query("BEGIN; INSERT INTO scratch (label) VALUES ('multi') RETURNING label; SELECT 2 AS two; COMMIT");
      expect(Array.isArray(answer)).toBe(true);
      expect((answer as { rows: unknown[] }[]).map((r) => r.rows)).toEqual([[], [{ label: 'multi' }], [{ two: 2 }], []]);
      const one = await client.query('SELECT 1 AS one');
      expect(Array.isArray(one)).toBe(false);
      expect((one as { rows: unknown[] }).rows).toEqual([{ one: 1 }]);
    } finally {
      await runner.release();
    }
    expect(await countScratch()).toBe(1);
  });

  describe('value types, as pg returns them', () => {
    const SELECT = `SELECT
      9007199254740993::int8 AS big,
      42::int4 AS small,
      12345678901234567890.125::numeric AS exact,
      1.5::float8 AS float,
      true AS flag,
      '2025-03-30'::date AS day,
      '2025-03-30T01:30:00Z'::timestamptz AS at,
      '\\x00ff10'::bytea AS bytes,
      '{"a":[1,"x"]}'::jsonb AS doc,
      ARRAY['a','b']::text[] AS labels,
      ARRAY[1,2]::int4[] AS nums,
      '6f1c2b1e-8d0a-4f7a-9a53-2f6c2f7a1b00'::uuid AS id,
      NULL::text AS nothing`;
    const EXPECTED = {
      big: '9007199254740993',
      small: 42,
      exact: '12345678901234567890.125',
      float: 1.5,
      flag: true,
      day: '2025-03-30',
      at: new Date('2025-03-30T01:30:00Z'),
      bytes: Buffer.from([0x00, 0xff, 0x10]),
      doc: { a: [1, 'x'] },
      labels: ['a', 'b'],
      nums: [1, 2],
      id: '6f1c2b1e-8d0a-4f7a-9a53-2f6c2f7a1b00',
      nothing: null,
    };

    it('returns them the same through a statement without parameters', async () => {
      const [row] = await ds.query(SELECT);
      expect(row).toEqual(EXPECTED);
      expect(row.at).toBeInstanceOf(Date);
      expect(Buffer.isBuffer(row.bytes)).toBe(true);
    });

    it('returns them the same through a statement with parameters', async () => {
      const [row] = await ds.query(`${SELECT}, $1::int8 AS param_big, $2::date AS param_day, $3::bytea AS param_bytes`, [
        '9007199254740993',
        '2024-02-29',
        Buffer.from('hi'),
      ]);
      expect(row).toEqual({ ...EXPECTED, param_big: '9007199254740993', param_day: '2024-02-29', param_bytes: Buffer.from('hi') });
    });

    it('round-trips them through a table', async () => {
      await ds.query('CREATE TABLE typed (big int8, exact numeric(30,3), day date, at timestamptz, bytes bytea)');
      try {
        await ds.query('INSERT INTO typed VALUES ($1, $2, $3, $4, $5)', [
          '9223372036854775807',
          '0.125',
          '1999-12-31',
          new Date('2025-10-26T01:30:00.123Z'),
          Buffer.from([1, 2, 3]),
        ]);
        expect(await ds.query('SELECT * FROM typed')).toEqual([
          {
            big: '9223372036854775807',
            exact: '0.125',
            day: '1999-12-31',
            at: new Date('2025-10-26T01:30:00.123Z'),
            bytes: Buffer.from([1, 2, 3]),
          },
        ]);
      } finally {
        await ds.query('DROP TABLE typed');
      }
    });

    it('reports affected row counts as pg does', async () => {
      await ds.query("INSERT INTO scratch (label) VALUES ('x'), ('y')");
      // TypeORM's postgres driver returns [rows, affected] for UPDATE/DELETE.
      const [, updated] = await ds.query("UPDATE scratch SET label = label || '!' RETURNING id");
      expect(updated).toBe(2);
      const [, deleted] = await ds.query("DELETE FROM scratch WHERE label = 'x!'");
      expect(deleted).toBe(1);
    });
  });
});
