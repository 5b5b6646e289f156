import { parse } from 'csv-parse/sync';
import { mintToken } from '../../src/auth/mint-token';
import type { Role } from '../../src/auth/principal';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app';
import { referral, rg, UNRECORDED_REFERRAL } from '../helpers/wire-events';

/**
 * The access log (DPA 2018 s62; docs/decisions.md, "The access log"): every answer that shows records is logged
 * with who asked, when, the request id, what they asked for and which records they were shown; an answer that
 * shows none (404, 403, 400) writes nothing; the log is read by admins only, and nothing can change it.
 */
const WY = 'E23000010';
const NY = 'E23000012';

let t: TestApp;
let recorder: string;

const token = (sub: string, roles: Role | Role[], forces: string | string[] = '*') =>
  mintToken({ secret: TEST_SECRET, sub, roles: ([] as Role[]).concat(roles), forces: ([] as string[]).concat(forces), ttl: '10m' });

interface Entry {
  id: string;
  at: string;
  actor: string;
  channel: string;
  correlationId: string;
  action: string;
  forces: string[];
  recordCount: number;
  records: { force: string; referralRef: string }[];
  query: Record<string, unknown>;
}

let admin: string;

/** The access log's entries, newest first, as an admin reads them. */
async function entries(query: Record<string, string> = {}): Promise<Entry[]> {
  const res = await t.http.get('/v1/access-log').query(query).set('authorization', `Bearer ${admin}`);
  expect(res.status).toBe(200);
  return res.body.items as Entry[];
}

/** The West Yorkshire records an answer's items name, once each, in order. */
const namedIn = (items: { referralRef: string }[]) =>
  [...new Set(items.map((i) => i.referralRef))].map((referralRef) => ({ force: WY, referralRef }));

const count = async (): Promise<number> => (await t.dataSource.query('SELECT count(*)::int AS n FROM access_log'))[0].n;

beforeAll(async () => {
  t = await createTestApp();
  recorder = await token('bureau-wy', 'recorder', [WY, NY]);
  admin = await token('dpo', 'admin');
  const events = [
    referral(WY, 'AL-1', UNRECORDED_REFERRAL),
    referral(WY, 'AL-2'),
    rg(WY, 'AL-2', 'POSITIVE'),
    referral(WY, 'AL-3', UNRECORDED_REFERRAL),
    referral(NY, 'AL-9'),
  ];
  await t.http.post('/v1/events/batch').set('authorization', `Bearer ${recorder}`).send({ events }).expect(200);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('what is logged', () => {
  it('a record read: who, the request id, the record, the query', async () => {
    const res = await t.http
      .get(`/v1/forces/${WY}/records/AL-1`)
      .set('authorization', `Bearer ${recorder}`)
      .set('x-request-id', 'req-al-1')
      .expect(200);
    expect(res.body.referralRef).toBe('AL-1');
    const [e] = await entries({ action: 'RECORD_READ', actor: 'bureau-wy' });
    expect(e).toMatchObject({
      actor: 'bureau-wy',
      channel: 'HTTP',
      correlationId: 'req-al-1',
      action: 'RECORD_READ',
      forces: [WY],
      recordCount: 1,
      records: [{ force: WY, referralRef: 'AL-1' }],
      query: { force: WY, referralRef: 'AL-1' },
    });
    expect(Date.now() - Date.parse(e.at)).toBeLessThan(60_000);
  });

  it('a page of records: exactly the records on the page, and the filter with its cursor', async () => {
    const first = await t.http.get(`/v1/forces/${WY}/records`).query({ limit: 2 }).set('authorization', `Bearer ${recorder}`).expect(200);
    const second = await t.http
      .get(`/v1/forces/${WY}/records`)
      .query({ limit: 2, cursor: first.body.nextCursor })
      .set('authorization', `Bearer ${recorder}`)
      .expect(200);
    const keys = (page: { items: { force: string; referralRef: string }[] }) =>
      page.items.map((r) => ({ force: r.force, referralRef: r.referralRef }));
    expect(keys(first.body)).toHaveLength(2);
    expect(keys(second.body)).toHaveLength(1);
    const [later, earlier] = await entries({ action: 'RECORDS_LISTED' });
    expect(earlier).toMatchObject({ records: keys(first.body), recordCount: 2, query: { force: WY, limit: 2 } });
    expect(earlier.query).not.toHaveProperty('cursor');
    expect(later).toMatchObject({
      records: keys(second.body),
      recordCount: 1,
      query: { force: WY, limit: 2, cursor: first.body.nextCursor },
    });
  });

  it('findings, as a page and as an export: the records they name, once each, and the service time answered as at', async () => {
    const auditor = await token('auditor-wy', 'auditor', WY);
    const page = await t.http.get('/v1/compliance/findings').query({ force: WY }).set('authorization', `Bearer ${auditor}`).expect(200);
    expect(page.body.items.length).toBeGreaterThan(0);
    const named = namedIn(page.body.items);
    const [listed] = await entries({ action: 'FINDINGS_LISTED' });
    expect(listed).toMatchObject({ actor: 'auditor-wy', records: named, query: { force: WY, status: 'open', asAt: page.body.asAt } });

    const csv = await t.http
      .get('/v1/compliance/findings')
      .query({ force: WY, format: 'csv' })
      .set('authorization', `Bearer ${auditor}`)
      .expect(200);
    const rows = parse(csv.text, { columns: true }) as { referralRef?: string; referral_ref?: string }[];
    expect(rows.length).toBe(page.body.items.length);
    const [exported] = await entries({ action: 'FINDINGS_EXPORTED' });
    expect(exported).toMatchObject({ actor: 'auditor-wy', records: named, query: { force: WY, status: 'open', format: 'csv' } });
    expect(exported.query).not.toHaveProperty('limit');
    expect(Date.parse(exported.query.asAt as string)).toBeGreaterThanOrEqual(Date.parse(page.body.asAt));
  });

  it('the worklist: the records on it', async () => {
    const spoc = await token('spoc-wy', 'spoc', WY);
    const res = await t.http.get('/v1/compliance/worklist').query({ force: WY }).set('authorization', `Bearer ${spoc}`).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    const named = namedIn(res.body.items);
    const [e] = await entries({ action: 'WORKLIST_READ' });
    expect(e).toMatchObject({ actor: 'spoc-wy', records: named, query: { force: WY, limit: 100, asAt: res.body.asAt } });
  });

  it('one row for each of many reads at once, each with its own request id', async () => {
    const before = await count();
    const ids = Array.from({ length: 40 }, (_, i) => `req-many-${i}`);
    const answers = await Promise.all(
      ids.map((id, i) =>
        t.http
          .get(`/v1/forces/${WY}/records/AL-${1 + (i % 3)}`)
          .set('authorization', `Bearer ${recorder}`)
          .set('x-request-id', id),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(ids.map(() => 200));
    expect(await count()).toBe(before + ids.length);
    const logged = (await entries({ action: 'RECORD_READ', limit: '500' })).filter((e) => e.correlationId.startsWith('req-many-'));
    expect(logged.map((e) => e.correlationId).sort()).toEqual([...ids].sort());
    for (const e of logged) expect(e.records).toEqual([{ force: WY, referralRef: `AL-${1 + (Number(e.correlationId.slice(9)) % 3)}` }]);
  });

  it('a row that cannot be written fails its own read only, not the reads gathered with it', async () => {
    await t.dataSource.query(`
      CREATE FUNCTION access_log_test_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.actor = 'poison' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
    await t.dataSource.query(
      'CREATE TRIGGER access_log_test_poison BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_test_poison()',
    );
    try {
      const poison = await token('poison', 'recorder', WY);
      const callers = Array.from({ length: 24 }, (_, i) => (i % 4 === 0 ? poison : recorder));
      const answers = await Promise.all(
        callers.map((c, i) =>
          t.http.get(`/v1/forces/${WY}/records/AL-1`).set('authorization', `Bearer ${c}`).set('x-request-id', `req-poison-${i}`),
        ),
      );
      expect(answers.map((r) => r.status >= 500)).toEqual(callers.map((c) => c === poison));
      const logged = (await entries({ actor: 'bureau-wy', limit: '500' }))
        .map((e) => e.correlationId)
        .filter((id) => id.startsWith('req-poison-'));
      expect(logged.sort()).toEqual(callers.flatMap((c, i) => (c === poison ? [] : [`req-poison-${i}`])).sort());
    } finally {
      await t.dataSource.query('DROP TRIGGER access_log_test_poison ON access_log');
      await t.dataSource.query('DROP FUNCTION access_log_test_poison()');
    }
  });

  it('a replayed event answered DUPLICATE with its record (the event row is the trace of the first answer only)', async () => {
    const before = await count();
    const event = referral(WY, 'AL-4');
    const first = await t.http.post('/v1/events').set('authorization', `Bearer ${recorder}`).send(event).expect(201);
    expect(first.body.record.referralRef).toBe('AL-4');
    expect(await count()).toBe(before);
    const again = await t.http
      .post('/v1/events')
      .set('authorization', `Bearer ${recorder}`)
      .set('x-request-id', 'req-replay')
      .send(event)
      .expect(200);
    expect(again.body).toMatchObject({ status: 'DUPLICATE', record: { referralRef: 'AL-4' } });
    const [e] = await entries({ action: 'REPLAY_ANSWERED' });
    expect(e).toMatchObject({
      actor: 'bureau-wy',
      channel: 'HTTP',
      correlationId: 'req-replay',
      records: [{ force: WY, referralRef: 'AL-4' }],
      query: { eventId: 'AL-4/referral' },
    });
    expect(await count()).toBe(before + 1);
  });

  it('nothing for an answer that shows no record: 404, 403, 400', async () => {
    const before = await count();
    await t.http.get(`/v1/forces/${WY}/records/AL-404`).set('authorization', `Bearer ${recorder}`).expect(404);
    const other = await token('bureau-ny', 'recorder', NY);
    await t.http.get(`/v1/forces/${WY}/records/AL-1`).set('authorization', `Bearer ${other}`).expect(403);
    await t.http.get(`/v1/forces/${WY}/records`).query({ limit: 0 }).set('authorization', `Bearer ${recorder}`).expect(400);
    expect(await count()).toBe(before);
  });

  // A second connection to the database: the embedded one has one connection, so nothing else can hold a lock there.
  (process.env.TEST_DATABASE_URL ? it : it.skip)(
    'a log whose table stays locked answers 503 with Retry-After after 5 s, every read at once, and nothing is shown',
    async () => {
      const locker = t.dataSource.createQueryRunner();
      await locker.connect();
      const before = await count();
      try {
        await locker.startTransaction();
        await locker.query('LOCK TABLE access_log IN SHARE ROW EXCLUSIVE MODE');
        const answers = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            t.http.get(`/v1/forces/${WY}/records/AL-1`).set('authorization', `Bearer ${recorder}`).set('x-request-id', `req-locked-${i}`),
          ),
        );
        for (const res of answers) {
          expect(res.status).toBe(503);
          expect(res.headers['retry-after']).toBe('5');
          expect(res.body).toMatchObject({
            code: 'DATABASE_UNAVAILABLE',
            details: [{ field: 'database', reason: 'did not grant a lock in time' }],
          });
          expect(JSON.stringify(res.body)).not.toContain('AL-1');
        }
      } finally {
        if (locker.isTransactionActive) await locker.rollbackTransaction();
        await locker.release();
      }
      expect(await count()).toBe(before);
      await t.http.get(`/v1/forces/${WY}/records/AL-1`).set('authorization', `Bearer ${recorder}`).expect(200);
      expect(await count()).toBe(before + 1);
    },
    60_000,
  );

  it('a record is not shown when its access cannot be logged', async () => {
    await t.dataSource.query(`
      CREATE FUNCTION access_log_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await t.dataSource.query(
      'CREATE TRIGGER access_log_test_refuse BEFORE INSERT ON access_log FOR EACH ROW EXECUTE FUNCTION access_log_test_refuse()',
    );
    try {
      const res = await t.http.get(`/v1/forces/${WY}/records/AL-1`).set('authorization', `Bearer ${recorder}`);
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(JSON.stringify(res.body)).not.toContain('AL-1');
      // reads at once share an insert (src/audit/access-log.ts): each of them fails with it
      const many = await Promise.all(
        Array.from({ length: 12 }, () => t.http.get(`/v1/forces/${WY}/records/AL-2`).set('authorization', `Bearer ${recorder}`)),
      );
      expect(many.map((r) => r.status >= 500 && !JSON.stringify(r.body).includes('AL-2'))).toEqual(many.map(() => true));
    } finally {
      await t.dataSource.query('DROP TRIGGER access_log_test_refuse ON access_log');
      await t.dataSource.query('DROP FUNCTION access_log_test_refuse()');
    }
  });
});

describe('reading the log', () => {
  it('is for admins of every force only', async () => {
    const auditor = await token('auditor-all', 'auditor');
    const res = await t.http.get('/v1/access-log').set('authorization', `Bearer ${auditor}`).expect(403);
    expect(res.body.code).toBe('ROLE_FORBIDDEN');
    await t.http.get('/v1/access-log').expect(401);
    // an entry can name several forces' records: a force's admin would see the others'
    const forceAdmin = await token('admin-wy', 'admin', WY);
    for (const query of [{}, { force: WY }]) {
      const scoped = await t.http.get('/v1/access-log').query(query).set('authorization', `Bearer ${forceAdmin}`).expect(403);
      expect(scoped.body.code).toBe('FORCE_FORBIDDEN');
    }
  });

  it('takes from and to to the microsecond, as the entries give their time', async () => {
    const [e] = await entries({ limit: '1' });
    expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const plus = (us: number) => `${e.at.slice(0, 20)}${String(Number(e.at.slice(20, 26)) + us).padStart(6, '0')}Z`;
    if (Number(e.at.slice(20, 26)) < 999_999) {
      expect((await entries({ from: e.at })).map((x) => x.id)).toContain(e.id);
      expect((await entries({ from: plus(1) })).map((x) => x.id)).not.toContain(e.id);
      expect((await entries({ to: plus(1) })).map((x) => x.id)).toContain(e.id);
      expect((await entries({ to: e.at })).map((x) => x.id)).not.toContain(e.id);
    }
  });

  it('finds who was shown one record, by force and reference', async () => {
    await t.http.get(`/v1/forces/${NY}/records/AL-9`).set('authorization', `Bearer ${recorder}`).expect(200);
    const found = await entries({ force: NY, referralRef: 'AL-9' });
    expect(found.map((e) => [e.action, e.actor])).toEqual([['RECORD_READ', 'bureau-wy']]);
    expect(await entries({ force: NY, referralRef: 'AL-1' })).toEqual([]);
    const ny = await entries({ force: NY });
    expect(ny.every((e) => e.forces.includes(NY))).toBe(true);
  });

  it('filters by time and pages newest first', async () => {
    const all = await entries({ limit: '500' });
    expect(all.length).toBeGreaterThan(3);
    expect(all.map((e) => Number(e.id))).toEqual([...all.map((e) => Number(e.id))].sort((a, b) => b - a));
    const res = await t.http.get('/v1/access-log').query({ limit: 2 }).set('authorization', `Bearer ${admin}`).expect(200);
    const next = await t.http
      .get('/v1/access-log')
      .query({ limit: 2, cursor: res.body.nextCursor })
      .set('authorization', `Bearer ${admin}`)
      .expect(200);
    expect([...res.body.items, ...next.body.items].map((e: Entry) => e.id)).toEqual(all.slice(0, 4).map((e) => e.id));
    const pivot = all[1].at;
    expect((await entries({ from: pivot, limit: '500' })).map((e) => e.id)).toEqual(all.filter((e) => e.at >= pivot).map((e) => e.id));
    expect((await entries({ to: pivot, limit: '500' })).map((e) => e.id)).toEqual(all.filter((e) => e.at < pivot).map((e) => e.id));
  });

  it('refuses a bad filter with a 400 naming it', async () => {
    const ask = (query: Record<string, string>) => t.http.get('/v1/access-log').query(query).set('authorization', `Bearer ${admin}`);
    const fields = async (query: Record<string, string>) => {
      const res = await ask(query);
      expect(res.status).toBe(400);
      return res.body.details.map((d: { field: string }) => d.field);
    };
    await expect(fields({ referralRef: 'AL-1' })).resolves.toEqual(['referralRef']);
    await expect(fields({ action: 'READ' })).resolves.toEqual(['action']);
    await expect(fields({ from: 'yesterday' })).resolves.toEqual(['from']);
    await expect(fields({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' })).resolves.toEqual(['to']);
    await expect(fields({ cursor: 'bm90LW91cnM' })).resolves.toEqual(['cursor']);
    await expect(fields({ force: 'E99999999' })).resolves.toEqual(['force']);
  });
});

describe('polling the log', () => {
  const page = (query: Record<string, string>) =>
    t.http.get('/v1/access-log').query(query).set('authorization', `Bearer ${admin}`).expect(200);
  const readAl1 = (id: string) =>
    t.http.get(`/v1/forces/${WY}/records/AL-1`).set('authorization', `Bearer ${recorder}`).set('x-request-id', id).expect(200);

  it('an answer says the time it is complete to; asked again from there, it gives the new entries only', async () => {
    const first = await page({ limit: '500' });
    expect(first.body.until).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(first.body.items.every((e: Entry) => e.at < first.body.until)).toBe(true);
    await readAl1('req-poll-1');
    await readAl1('req-poll-2');
    const second = await page({ from: first.body.until, limit: '500' });
    expect(second.body.items.map((e: Entry) => e.correlationId)).toEqual(['req-poll-2', 'req-poll-1']);
    expect(second.body.items.every((e: Entry) => e.at >= first.body.until && e.at < second.body.until)).toBe(true);
    const third = await page({ from: second.body.until, limit: '500' });
    expect(third.body.items).toEqual([]);
    expect(third.body.until >= second.body.until).toBe(true);
  });

  it('the pages of one answer read one window: an entry written between pages is in the next answer, not this one', async () => {
    const first = await page({ limit: '1' });
    expect(first.body.nextCursor).not.toBeNull();
    await readAl1('req-between-pages');
    const rest = await page({ limit: '500', cursor: first.body.nextCursor });
    expect(rest.body.until).toBe(first.body.until);
    expect(rest.body.items.map((e: Entry) => e.correlationId)).not.toContain('req-between-pages');
    const next = await page({ from: first.body.until, limit: '500' });
    expect(next.body.items.map((e: Entry) => e.correlationId)).toEqual(['req-between-pages']);
  });

  it('an answer with an earlier `to` ends there', async () => {
    const to = '2026-01-01T00:00:00.000000Z';
    const res = await page({ to });
    expect(res.body.until).toBe(to);
    expect(res.body.items).toEqual([]);
  });

  // A second connection to the database: the embedded one has one connection, so no insert can be in flight there.
  (process.env.TEST_DATABASE_URL ? it : it.skip)(
    'an entry still being written when the log is read is in that answer, not lost to the next poll',
    async () => {
      const slow = t.dataSource.createQueryRunner();
      await slow.connect();
      try {
        await slow.startTransaction();
        await slow.query('SELECT n200_access_log_append($1::jsonb)', [
          JSON.stringify([
            {
              actor: 'slow-export',
              channel: 'CLI',
              correlation_id: 'req-slow',
              action: 'FINDINGS_EXPORTED',
              forces: [WY],
              records: [[WY, 'AL-1']],
              query: {},
            },
          ]),
        ]);
        // stamped now, committed later (a 100,000-record export takes about 0.6 s)
        let answered = false;
        const reading = page({ limit: '500' }).then((res) => {
          answered = true;
          return res;
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(answered).toBe(false);
        await slow.commitTransaction();
        const res = await reading;
        const slowEntry = (res.body.items as Entry[]).find((e) => e.correlationId === 'req-slow');
        expect(slowEntry).toBeDefined();
        expect(slowEntry!.at < res.body.until).toBe(true);
      } finally {
        if (slow.isTransactionActive) await slow.rollbackTransaction();
        await slow.release();
      }
    },
  );
});

describe('the log cannot be changed', () => {
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    expect(await count()).toBeGreaterThan(0);
    await expect(t.dataSource.query("UPDATE access_log SET actor = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query('DELETE FROM access_log')).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query('TRUNCATE access_log')).rejects.toThrow(/append-only/);
  });
});
