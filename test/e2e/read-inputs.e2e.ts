import { createNationalTestApp, type TestApp } from '../helpers/test-app';
import { referral } from '../helpers/wire-events';
import { NOT_ONE_ACCEPTED_INSTANT } from '../../src/hocr/fixtures';

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
    .send({ events: [referral(F, 'RI-1'), referral(F, 'RI-2')] });
  expect(res.status).toBe(200);
}, 60_000);
afterAll(async () => {
  await t?.close();
}, 30_000);

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

describe('asAt: one strict instant with an offset, in the years 1900–2999, not in the future', () => {
  const reason = /^must be an ISO 8601 date-time with an offset, e\.g\. 2025-04-01T00:00:00Z, in years 1900–2999$/;
  const refused = NOT_ONE_ACCEPTED_INSTANT;
  const endpoints: [string, Record<string, string>][] = [
    ['/v1/returns', { force: F, period: '2024-25' }],
    ['/v1/returns', { force: F, period: '2024-25', format: 'csv' }],
    ['/v1/returns', { force: F, period: '2024-25', format: 'xlsx' }],
    ['/v1/compliance/findings', { force: F }],
    ['/v1/compliance/findings', { force: F, format: 'csv' }],
    ['/v1/compliance/findings', { force: F, format: 'xlsx' }],
  ];

  it.each(endpoints)('%s %j refuses each malformed asAt with 400 naming asAt', async (path, query) => {
    for (const asAt of refused) {
      const res = await get(path, { ...query, asAt });
      expect({ asAt, status: res.status }).toEqual({ asAt, status: 400 });
      expectRefused(res, 'asAt', reason);
    }
  });

  it.each(endpoints)('%s %j refuses an asAt later than the service time, naming asAt', async (path, query) => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expectRefused(await get(path, { ...query, asAt: future }), 'asAt', /^must not be later than the service's current time/);
  });

  it.each(endpoints)('%s %j answers a past asAt written with seconds left out or with an offset', async (path, query) => {
    for (const asAt of ['2024-06-03T10:00Z', '2024-06-03T11:00:00.5+01:00', '1900-01-01T00:00:00Z']) {
      const res = await get(path, { ...query, asAt });
      expect({ asAt, status: res.status }).toEqual({ asAt, status: 200 });
    }
  });

  it('answers as at exactly the instant named', async () => {
    const res = await get('/v1/returns', { force: F, period: '2024-25', asAt: '2024-06-03T11:00:00.5+01:00' });
    expect(res.status).toBe(200);
    expect(res.body.asAt).toBe('2024-06-03T10:00:00.500Z');
  });
});

describe('recordedFrom and recordedTo on the records list: real calendar dates in the years 1900–2999', () => {
  const reason = /^must be a calendar date YYYY-MM-DD, e\.g\. 2025-04-01, in years 1900–2999$/;
  const refused = [
    '2024-02-30',
    '2024-13-01',
    '2023-02-29',
    '1900-02-29',
    '2024-00-00',
    '0000-01-01',
    '1899-12-31',
    '3000-01-01',
    '2024-6-3',
  ];

  it.each(['recordedFrom', 'recordedTo'])('%s: each impossible or out-of-range date is 400 naming it', async (param) => {
    for (const value of refused) {
      const res = await get(`/v1/forces/${F}/records`, { [param]: value });
      expect({ value, status: res.status }).toEqual({ value, status: 400 });
      expectRefused(res, param, reason);
    }
  });

  it('filters by real dates, leap days included', async () => {
    const within = await get(`/v1/forces/${F}/records`, { recordedFrom: '2024-02-29', recordedTo: '2024-06-03' });
    expect(within.status).toBe(200);
    expect(within.body.items.map((r: { referralRef: string }) => r.referralRef)).toEqual(['RI-1', 'RI-2']);
    const after = await get(`/v1/forces/${F}/records`, { recordedFrom: '2024-06-04', recordedTo: '2999-12-31' });
    expect(after.status).toBe(200);
    expect(after.body.items).toEqual([]);
  });
});

describe('forged cursors: 400 "is not a cursor this service issued", never a 500', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  const NIL = '00000000-0000-0000-0000-000000000000';
  const cases: [string, Record<string, string>, string[]][] = [
    [
      '/v1/compliance/worklist',
      { force: F },
      ['1', '1|2', '2024-99-99T00:00Z|1', '999999999999999999|1', '2024-06-03T10:00:00.000000Z|1|2'],
    ],
    [
      '/v1/returns/submissions',
      {},
      [
        `1|${NIL}`,
        `0|${NIL}`,
        `+275760-09-13T00:00:00Z|${NIL}`,
        `2024-06-03T10:00:00.000000Z|${'-'.repeat(36)}`,
        `2024-06-03T10:00:00.000000Z|${'a'.repeat(36)}`,
      ],
    ],
    ['/v1/compliance/findings', {}, ['f:1|f:2', 'f:', '1', 'r:1']],
    ['/v1/compliance/findings', { format: 'csv' }, ['f:1|f:2', 'garbage']],
    ['/v1/compliance/findings', { format: 'xlsx' }, ['f:1|f:2', 'garbage']],
    [`/v1/forces/${F}/records`, {}, ['r:1|r:2', 'r:99999999999999999999', 'f:1']],
  ];

  it.each(cases)('%s %j refuses the forged cursors %j', async (path, query, raws) => {
    for (const raw of raws) {
      const res = await get(path, { ...query, cursor: b64(raw) });
      expect({ raw, status: res.status }).toEqual({ raw, status: 400 });
      expect(res.body.details).toEqual([{ field: 'cursor', reason: 'is not a cursor this service issued' }]);
    }
  });

  it('a findings export runs from a cursor the service issued', async () => {
    const first = await get('/v1/compliance/findings', { force: F, status: 'all', limit: '1' });
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).not.toBeNull();
    const whole = await get('/v1/compliance/findings', { force: F, status: 'all', asAt: first.body.asAt, format: 'csv' });
    const rest = await get('/v1/compliance/findings', {
      force: F,
      status: 'all',
      asAt: first.body.asAt,
      format: 'csv',
      cursor: first.body.nextCursor,
    });
    expect([whole.status, rest.status]).toEqual([200, 200]);
    const lines = (text: string) => text.trim().split('\n');
    expect(lines(rest.text)).toEqual([lines(whole.text)[0], ...lines(whole.text).slice(2)]);
  });
});

describe('submission ids: a UUID or a 400 naming id', () => {
  const notUuids = [
    '000000000000000000000000000000000000',
    '------------------------------------',
    '0000000000000000000000000000000000-0',
    'a'.repeat(36),
  ];

  it.each(notUuids)('GET /v1/returns/submissions/%s (and its revisions) is 400 naming id', async (id) => {
    for (const path of [`/v1/returns/submissions/${id}`, `/v1/returns/submissions/${id}/revisions`]) {
      expectRefused(await get(path), 'id', /^id must be a submission id \(a UUID, 8-4-4-4-12 hex digits\)$/);
    }
  });

  it('a well-formed UUID that names no submission is 404', async () => {
    const id = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
    for (const path of [`/v1/returns/submissions/${id}`, `/v1/returns/submissions/${id.toUpperCase()}/revisions`]) {
      const res = await get(path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
    }
  });
});

describe('NUL and unpaired surrogates in path and query parameters', () => {
  const reason = /^must not contain NUL characters or unpaired surrogates$/;

  it.each(['%00', 'NRM%00x', 'x%00'])('GET /v1/forces/:force/records/%s is 400 naming referralRef', async (ref) => {
    expectRefused(await get(`/v1/forces/${F}/records/${ref}`), 'referralRef', reason);
  });

  it('an unpaired surrogate (invalid UTF-8) in referralRef is a 4xx, not a 500', async () => {
    const res = await get(`/v1/forces/${F}/records/%ED%A0%80`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it.each<[string, Record<string, string>, string]>([
    ['/v1/returns', { force: F, period: '2024-25\u0000' }, 'period'],
    ['/v1/compliance/summary', { force: F, period: '\u0000' }, 'period'],
    ['/v1/returns/submissions', { cursor: 'a\u0000' }, 'cursor'],
    ['/v1/compliance/worklist', { force: F, cursor: '\u0000' }, 'cursor'],
    ['/v1/compliance/findings', { cursor: '\u0000' }, 'cursor'],
    [`/v1/forces/${F}/records`, { cursor: '\u0000' }, 'cursor'],
  ])('GET %s %j is 400 naming %s', async (path, query, field) => {
    const res = await get(path, query);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('POST /v1/returns/submissions with a NUL in period is 400 naming period', async () => {
    expectRefused(await post('/v1/returns/submissions', { force: F, period: '2024-25\u0000' }), 'period', reason);
  });

  it('a referralRef of ordinary text that names no record is 404', async () => {
    const res = await get(`/v1/forces/${F}/records/${encodeURIComponent('NRM-éé-😀')}`);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('revisions compare against the period that was submitted (FYs 2000-01 to 2011-12 share labels with months)', () => {
  const MET = 'E23000001';
  const at = (date: string) => ({ occurredAt: date, receivedAt: `${date}T10:00:00Z`, recordedAt: `${date}T10:05:00Z` });

  beforeAll(async () => {
    const res = await t.http
      .post('/v1/events/batch')
      .set('authorization', `Bearer ${recorder}`)
      .send({ events: [referral(MET, 'MET-june-2011', at('2011-06-02')), referral(MET, 'MET-dec-2011', at('2011-12-05'))] });
    expect(res.status).toBe(200);
  });

  it.each([
    ['FY2011-12', '2011-12', 'FINANCIAL_YEAR', 2],
    ['2011/12', '2011-12', 'FINANCIAL_YEAR', 2],
    ['FY2011-12-Q1', '2011-12-Q1', 'FINANCIAL_QUARTER', 1],
    ['2011-12', '2011-12', 'MONTH', 1],
    ['2024-25', '2024-25', 'FINANCIAL_YEAR', 0],
  ])('a submission of %s (stored as %s, a %s) with %d records shows no revision', async (period, label, kind, n) => {
    const submitted = await post('/v1/returns/submissions', { force: MET, period });
    expect(submitted.status).toBe(201);
    expect(submitted.body.period).toBe(label);
    expect(submitted.body.return.period).toMatchObject({ label, kind });
    // the list and the view say which period a shared label names
    expect(submitted.body.periodKind).toBe(kind);
    const one = await get(`/v1/returns/submissions/${submitted.body.id}`).expect(200);
    expect(one.body).toMatchObject({ period: label, periodKind: kind });
    const list = await get('/v1/returns/submissions', { force: MET, limit: '500' }).expect(200);
    expect(list.body.items.find((s: { id: string }) => s.id === submitted.body.id)).toMatchObject({ period: label, periodKind: kind });
    expect(submitted.body.return.byCode['N200/01']).toBe(n);
    const revisions = await get(`/v1/returns/submissions/${submitted.body.id}/revisions`);
    expect(revisions.status).toBe(200);
    expect(revisions.body.codes.find((c: { code: string }) => c.code === 'N200/01')).toEqual({
      code: 'N200/01',
      submitted: n,
      now: n,
      difference: 0,
    });
    expect(revisions.body.codes.every((c: { difference: number }) => c.difference === 0)).toBe(true);
    expect(revisions.body.movedRecords).toEqual([]);
  });
});

describe('force codes: a well-formed code that names no force is refused everywhere, as on GET /v1/returns', () => {
  it.each<[string, Record<string, string>]>([
    ['/v1/forces/E99999999/records', {}],
    ['/v1/forces/E99999999/records/RI-1', {}],
    ['/v1/compliance/worklist', { force: 'E99999999' }],
    ['/v1/compliance/summary', { force: 'E99999999', period: '2024-25' }],
    ['/v1/compliance/findings', { force: 'E99999999' }],
    ['/v1/returns/submissions', { force: 'W99999999' }],
  ])('GET %s %j is 400 "force: unknown force code"', async (path, query) => {
    expectRefused(await get(path, query), 'force', /^unknown force code$/);
  });

  it.each<[string, Record<string, string>]>([
    ['/v1/forces/E2300001/records', {}],
    ['/v1/compliance/findings', { force: 'XYZ' }],
    ['/v1/returns/submissions', { force: 'everyone' }],
  ])('GET %s %j (not a force code at all) is 400 naming force', async (path, query) => {
    expectRefused(await get(path, query), 'force', /^must be a force code such as E23000010/);
  });

  it('still answers for known forces, Welsh and BTP included, and ALL on the submissions list', async () => {
    for (const [path, query] of [
      ['/v1/forces/W15000001/records', {}],
      ['/v1/forces/BTP/records', {}],
      ['/v1/compliance/worklist', { force: 'BTP' }],
      ['/v1/returns/submissions', { force: 'ALL' }],
    ] as const) {
      const res = await get(path, query);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
  });
});

describe('a missing period is "is required"', () => {
  it.each([
    ['GET /v1/returns', () => get('/v1/returns', { force: F })],
    ['GET /v1/compliance/summary', () => get('/v1/compliance/summary', { force: F })],
    ['POST /v1/returns/submissions', () => post('/v1/returns/submissions', { force: F })],
  ])('%s', async (_name, send) => {
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'period', reason: 'is required' }]);
  });

  it('a period too long or not a string is named with its one reason', async () => {
    const long = await get('/v1/returns', { force: F, period: '2024-25'.repeat(3) });
    expect(long.body.details).toEqual([{ field: 'period', reason: 'must be at most 20 characters' }]);
    const notString = await post('/v1/returns/submissions', { force: F, period: 2024 });
    expect(notString.body.details).toEqual([{ field: 'period', reason: 'must be a string' }]);
  });
});

describe('page parameters: one reason, whatever is wrong', () => {
  it.each(['0', '-1', '501', '1.5', '1e2', '0x10', '١٠', 'abc', ''])('limit=%j is a 400 with one reason', async (limit) => {
    const res = await get(`/v1/forces/${F}/records`, { limit }).expect(400);
    expect(res.body.details).toEqual([{ field: 'limit', reason: 'must be a whole number from 1 to 500' }]);
  });

  it('a repeated limit is a 400 with one reason', async () => {
    const res = await t.http.get(`/v1/forces/${F}/records?limit=1&limit=2`).set('authorization', `Bearer ${auditor}`).expect(400);
    expect(res.body.details).toEqual([{ field: 'limit', reason: 'must be a whole number from 1 to 500' }]);
  });

  it('a repeated cursor is a 400 with one reason', async () => {
    const res = await t.http.get(`/v1/forces/${F}/records?cursor=a&cursor=b`).set('authorization', `Bearer ${auditor}`).expect(400);
    expect(res.body.details).toEqual([{ field: 'cursor', reason: 'must be a string' }]);
  });

  it.each(['1', '500', '0500'])('limit=%j is read', async (limit) => {
    const res = await get(`/v1/forces/${F}/records`, { limit }).expect(200);
    expect(Array.isArray(res.body.items)).toBe(true);
  });
});
