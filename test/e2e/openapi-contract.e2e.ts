import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type request from 'supertest';
import { responseProblems, type OpenApiDocument } from '../helpers/openapi-contract';
import { type TestApp, useTestApp } from '../helpers/test-app';
import { referral, rg } from '../helpers/wire-events';

/**
 * The published API description (openapi.json, served at /docs-json) against the answers: each JSON answer of a
 * scenario that touches every route is checked against the schema documented for its route and status, so a
 * field added, renamed, retyped or left undocumented fails here, naming its path.
 */
const WY = 'E23000010';
const MET = 'E23000001';
const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as OpenApiDocument;

let t: TestApp;
let admin: string;
useTestApp(async (app) => {
  t = app;
  admin = await app.token('admin', '*');
});

/** Every drift found, named by route and JSON path: all are reported at the end, not only the first. */
const problems: string[] = [];

/** The answer of `method path` (with the concrete URL); its drifts from the documented schema are noted. */
async function answer(method: 'GET' | 'POST', route: string, url: string, body?: object): Promise<request.Response> {
  const req = method === 'GET' ? t.http.get(url) : t.http.post(url).send(body);
  const res = await req.set('authorization', `Bearer ${admin}`);
  expect({ url, status: res.status }).toEqual({ url, status: expect.any(Number) });
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  problems.push(...responseProblems(doc, method, route, res.status, res.body).map((p) => `${method} ${route} ${res.status} ${p}`));
  return res;
}

it('every JSON answer of a scenario over every route matches its documented schema', async () => {
  await answer('GET', '/health/ready', '/health/ready');
  await answer('GET', '/v1/forces', '/v1/forces');

  // events: one applied, one duplicate, a batch with a transfer and a crime
  await answer('POST', '/v1/events', '/v1/events', referral(WY, 'OA-1'));
  await answer('POST', '/v1/events', '/v1/events', referral(WY, 'OA-1'));
  await answer('POST', '/v1/events/batch', '/v1/events/batch', {
    events: [
      referral(WY, 'OA-2'),
      rg(WY, 'OA-2', 'POSITIVE'),
      referral(WY, 'OA-3', { firstResponder: { type: 'POLICE', organisation: 'West Yorkshire Police' }, source: 'POLICE_REFERRAL' }),
      {
        eventId: 'OA-4/crime',
        type: 'CRIME_RECORDED',
        force: WY,
        referralRef: 'OA-3',
        occurredAt: '2024-06-03',
        receivedAt: '2024-06-03T11:00:00Z',
        crimeReference: 'CRN-OA-3',
        offence: 'FORCED_LABOUR',
      },
      referral(WY, 'OA-5'),
      {
        eventId: 'OA-5/transfer',
        type: 'TRANSFERRED',
        force: WY,
        referralRef: 'OA-5',
        occurredAt: '2024-06-04',
        receivedAt: '2024-06-04T09:00:00Z',
        toForce: MET,
      },
    ],
  });

  const list = await answer('GET', '/v1/forces/{force}/records', `/v1/forces/${WY}/records?limit=2`);
  await answer('GET', '/v1/forces/{force}/records', `/v1/forces/${WY}/records?limit=2&cursor=${encodeURIComponent(list.body.nextCursor)}`);
  for (const ref of ['OA-1', 'OA-2', 'OA-3', 'OA-5']) {
    await answer('GET', '/v1/forces/{force}/records/{referralRef}', `/v1/forces/${WY}/records/${ref}`);
  }
  await answer('GET', '/v1/forces/{force}/records/{referralRef}', `/v1/forces/${MET}/records/OA-5`);
  const changes = await answer(
    'GET',
    '/v1/forces/{force}/classification-changes',
    `/v1/forces/${WY}/classification-changes?since=2000-01-01T00:00:00Z&limit=2`,
  );
  await answer(
    'GET',
    '/v1/forces/{force}/classification-changes',
    `/v1/forces/${WY}/classification-changes?cursor=${changes.body.nextCursor}`,
  );

  await answer('GET', '/v1/returns', `/v1/returns?force=${WY}&period=2024-25`);
  await answer('GET', '/v1/returns', '/v1/returns?force=ALL&period=2024-25-Q1');
  const submitted = await answer('POST', '/v1/returns/submissions', '/v1/returns/submissions', { force: WY, period: '2024-25' });
  await answer('POST', '/v1/events', '/v1/events', rg(WY, 'OA-1', 'NEGATIVE'));
  await answer('GET', '/v1/returns/submissions', `/v1/returns/submissions?force=${WY}`);
  await answer('GET', '/v1/returns/submissions/{id}', `/v1/returns/submissions/${submitted.body.id}`);
  const revisions = await answer('GET', '/v1/returns/submissions/{id}/revisions', `/v1/returns/submissions/${submitted.body.id}/revisions`);
  expect(revisions.body.movedRecords.map((m: { referralRef: string }) => m.referralRef)).toEqual(['OA-1']);

  const findings = await answer('GET', '/v1/compliance/findings', `/v1/compliance/findings?force=${WY}&status=all`);
  expect(findings.body.items.length).toBeGreaterThan(0);
  const summary = await answer('GET', '/v1/compliance/summary', `/v1/compliance/summary?force=${WY}&period=2024-25`);
  expect(summary.body.records).toBe(4);
  const worklist = await answer('GET', '/v1/compliance/worklist', `/v1/compliance/worklist?force=${WY}`);
  expect(worklist.body.items.length).toBeGreaterThan(0);
  await answer('GET', '/v1/access-log', '/v1/access-log?limit=3');
  expect([...new Set(problems.map((p) => p.replace(/\[\d+\]/g, '[]')))]).toEqual([]);
});
