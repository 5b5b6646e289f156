import { type TestApp, useTestApp } from '../helpers/test-app';
import { referral, rg } from '../helpers/wire-events';

/**
 * The classification change feed (docs/decisions.md, "Classification changes are read from the history"):
 * a force's records whose code or status differs between two service times; windows that follow one another
 * miss nothing and repeat nothing; a cursor keeps its window; the read is in the access log.
 */
const WY = 'E23000010';
const NY = 'E23000012';
const START = '2000-01-01T00:00:00Z';

let t: TestApp;
let recorder: string;
useTestApp(async (app) => {
  t = app;
  recorder = await app.token(['recorder'], [WY, NY]);
});

const send = (...events: object[]) =>
  t.http.post('/v1/events/batch').set('authorization', `Bearer ${recorder}`).send({ events }).expect(200);
const feed = (force: string, query: Record<string, string>) =>
  t.http.get(`/v1/forces/${force}/classification-changes`).query(query).set('authorization', `Bearer ${recorder}`);

/** Every change of one window, following its cursors. */
async function window(force: string, since: string, limit = '100') {
  let res = await feed(force, { since, limit }).expect(200);
  const { until } = res.body;
  const items = [...res.body.items];
  while (res.body.nextCursor) {
    res = await feed(force, { cursor: res.body.nextCursor, limit }).expect(200);
    expect({ since: res.body.since, until: res.body.until }).toEqual({ since: expect.any(String), until });
    items.push(...res.body.items);
  }
  return {
    until: until as string,
    items: items as { referralRef: string; from: { code: string } | null; to: { code: string; causedBy: string } }[],
  };
}

const codes = (items: { referralRef: string; from: { code: string } | null; to: { code: string } }[]) =>
  items.map((i) => [i.referralRef, i.from?.code ?? null, i.to.code]);

it('lists new records, then only those whose code moved, window after window', async () => {
  await send(referral(WY, 'CC-A'), referral(WY, 'CC-B'), rg(WY, 'CC-B', 'POSITIVE'), referral(WY, 'CC-C'), referral(NY, 'CC-N'));
  const first = await window(WY, START);
  expect(codes(first.items)).toEqual([
    ['CC-A', null, 'N200/01'],
    ['CC-B', null, '106'],
    ['CC-C', null, 'N200/01'],
  ]);
  expect(first.items[1].to).toMatchObject({ status: 'OPEN', code: '106', title: 'Modern slavery', causedBy: 'CC-B/RG_DECISION-POSITIVE' });

  // A moves; C gains an event that does not move it; nothing else happens
  await send(rg(WY, 'CC-A', 'NEGATIVE'), { ...referral(WY, 'CC-C'), eventId: 'CC-C/again' });
  const second = await window(WY, first.until);
  expect(codes(second.items)).toEqual([['CC-A', 'N200/01', 'N200/02']]);
  expect(second.items[0].to.causedBy).toBe('CC-A/RG_DECISION-NEGATIVE');

  // nothing since: an empty window
  const third = await window(WY, second.until);
  expect(third.items).toEqual([]);
  // the other force's feed has its own record only
  expect(codes((await window(NY, START)).items)).toEqual([['CC-N', null, 'N200/01']]);
});

it('pages one window by cursor: the window is fixed by the first page, so later writes wait for the next window', async () => {
  await send(referral(WY, 'CP-1'), referral(WY, 'CP-2'), referral(WY, 'CP-3'));
  const since = (await window(WY, START)).until;
  await send(referral(WY, 'CP-4'), referral(WY, 'CP-5'));
  const page1 = await feed(WY, { since, limit: '1' }).expect(200);
  expect(page1.body.items.map((i: { referralRef: string }) => i.referralRef)).toEqual(['CP-4']);
  await send(referral(WY, 'CP-6')); // after the window
  const page2 = await feed(WY, { cursor: page1.body.nextCursor, limit: '1' }).expect(200);
  expect(page2.body.items.map((i: { referralRef: string }) => i.referralRef)).toEqual(['CP-5']);
  expect(page2.body.until).toBe(page1.body.until);
  const page3 = await feed(WY, { cursor: page2.body.nextCursor, limit: '1' }).expect(200);
  expect(page3.body).toMatchObject({ items: [], nextCursor: null });
  // the next window starts at the first's end and has the write that came after it
  expect(codes((await window(WY, page1.body.until)).items)).toEqual([['CP-6', null, 'N200/01']]);
});

it('refuses a missing or future since, a forged cursor and another force', async () => {
  const missing = await feed(WY, {}).expect(400);
  expect(missing.body.details).toEqual([{ field: 'since', reason: 'is required without a cursor' }]);
  const future = await feed(WY, { since: '2999-01-01T00:00:00Z' }).expect(400);
  expect(future.body.details[0]).toMatchObject({
    field: 'since',
    reason: expect.stringMatching(/^must not be later than the service's current time/),
  });
  const notInstant = await feed(WY, { since: '2024-01-01' }).expect(400);
  expect(notInstant.body.details[0].field).toBe('since');
  const forged = await feed(WY, { cursor: Buffer.from('2024-01-01T00:00:00.000000Z|x|1').toString('base64url') }).expect(400);
  expect(forged.body.details).toEqual([{ field: 'cursor', reason: 'is not a cursor this service issued' }]);
  const other = await t.http
    .get('/v1/forces/E23000001/classification-changes')
    .query({ since: START })
    .set('authorization', `Bearer ${recorder}`)
    .expect(403);
  expect(other.body.code).toBe('FORCE_FORBIDDEN');
});

it('is in the access log with the records it named and the window', async () => {
  await send(referral(WY, 'CL-1'));
  const res = await feed(WY, { since: START, limit: '500' }).expect(200);
  const [row] = await t.dataSource.query(
    `SELECT action, forces, record_count, records, query FROM access_log WHERE action = 'CHANGES_LISTED' ORDER BY id DESC LIMIT 1`,
  );
  expect(row.action).toBe('CHANGES_LISTED');
  expect(row.forces).toEqual([WY]);
  expect(row.record_count).toBe(res.body.items.length);
  expect(row.records).toContainEqual([WY, 'CL-1']);
  expect(row.query).toMatchObject({ force: WY, since: res.body.since, until: res.body.until });
  // a poll that names no record writes nothing
  const count = async () => (await t.dataSource.query("SELECT count(*)::int AS n FROM access_log WHERE action = 'CHANGES_LISTED'"))[0].n;
  const before = await count();
  expect((await feed(WY, { since: res.body.until }).expect(200)).body.items).toEqual([]);
  expect(await count()).toBe(before);
});
