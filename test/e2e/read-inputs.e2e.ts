import { createNationalTestApp, type TestApp } from '../helpers/test-app';
import { referral } from '../helpers/wire-events';

/**
 * Hostile input on the read and report side (returns, submissions, compliance, records), found by an
 * adversarial run against the API: every value here once reached PostgreSQL or the date arithmetic and
 * came back a 500. Each must be a 400 in the error envelope naming the parameter and the reason (or a 404
 * where the thing cannot exist), never a 5xx.
 */

const F = 'E23000010'; // West Yorkshire Police

let t: TestApp;
let recorder: string;
let auditor: string;

beforeAll(async () => {
  ({ t, recorder, auditor } = await createNationalTestApp());
  const res = await t.http
    .post('/v1/events/batch')
    .set('authorization', `Bearer ${recorder}`)
    .send({ events: [referral(F, 'RI-1')] });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

const get = (path: string, query: Record<string, string> = {}) => t.http.get(path).query(query).set('authorization', `Bearer ${auditor}`);
const post = (path: string, body: Record<string, unknown>) => t.http.post(path).send(body).set('authorization', `Bearer ${auditor}`);

/** A 400 in the error envelope whose details name `field` with a reason matching `reason`. */
function expectRefused(res: { status: number; body: Record<string, unknown> }, field: string, reason: RegExp): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  const details = res.body.details as { field: string; reason: string }[];
  expect(details.map((d) => d.field)).toContain(field);
  expect(details.find((d) => d.field === field)?.reason).toMatch(reason);
}

describe('periods outside the years 1900–2999', () => {
  const periods = ['0000-01', '9999-12', '9999-00', '1899-12', '3000-01', '2999-00'];
  const reason = /every date of a period must be in the years 1900–2999/;

  it.each(periods)('GET /v1/returns?period=%s is 400 naming period', async (period) => {
    expectRefused(await get('/v1/returns', { force: F, period }), 'period', reason);
  });

  it.each(periods)('GET /v1/compliance/summary?period=%s is 400 naming period', async (period) => {
    expectRefused(await get('/v1/compliance/summary', { force: F, period }), 'period', reason);
  });

  it.each(periods)('POST /v1/returns/submissions with period %s is 400 naming period, and stores nothing', async (period) => {
    expectRefused(await post('/v1/returns/submissions', { force: F, period }), 'period', reason);
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM return_submissions')).toEqual([{ n: 0 }]);
  });
});
