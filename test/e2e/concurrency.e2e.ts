import { comparable, type WireEvent } from '../helpers/scenario-history';
import { mintToken } from '../../src/auth/mint-token';
import { createNationalTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app';
import { referral } from '../helpers/wire-events';

/**
 * Issue 3 deliverable 6: "20 parallel requests touching one record end in the state a serial run gives".
 * On PostgreSQL (TEST_DATABASE_URL) the requests really run in parallel on several connections and the
 * service serialises them per referral with advisory locks; on PGlite they queue on one connection.
 */
const FORCE = 'E23000010';
let t: TestApp;
let token: string;

beforeAll(async () => {
  ({ t, recorder: token } = await createNationalTestApp());
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const post = (e: WireEvent) => t.http.post('/v1/events').set('authorization', `Bearer ${token}`).send(e);
const postBatch = (events: WireEvent[]) => t.http.post('/v1/events/batch').set('authorization', `Bearer ${token}`).send({ events });
const get = (referralRef: string, force = FORCE) =>
  t.http.get(`/v1/forces/${force}/records/${encodeURIComponent(referralRef)}`).set('authorization', `Bearer ${token}`);

/** The distinct events of one busy record: referral, RG with reconsiderations, CG, locations, crime. */
function busyHistory(ref: string): WireEvent[] {
  const e = (id: string, body: Record<string, unknown>): WireEvent =>
    ({ eventId: `${ref}:${id}`, force: FORCE, referralRef: ref, type: '', ...body }) as WireEvent;
  return [
    e('referral', {
      type: 'REFERRAL_RECEIVED',
      occurredAt: '2024-06-03',
      receivedAt: '2024-06-03T09:00:00Z',
      recordedAt: '2024-06-03T09:30:00Z',
      referralType: 'NRM',
      source: 'COMPETENT_AUTHORITY',
      firstResponder: { type: 'LOCAL_AUTHORITY', organisation: 'Bradford Council' },
      victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true },
      exploitationTypes: ['LABOUR'],
      exploitationLocation: 'UK',
    }),
    e('rg-1', {
      type: 'RG_DECISION',
      occurredAt: '2024-06-07',
      receivedAt: '2024-06-07T10:00:00Z',
      outcome: 'NEGATIVE',
      decisionMaker: 'SCA',
    }),
    e('rg-2', {
      type: 'RG_DECISION',
      occurredAt: '2024-06-21',
      receivedAt: '2024-06-21T10:00:00Z',
      outcome: 'POSITIVE',
      decisionMaker: 'SCA',
      reconsideration: true,
    }),
    e('rg-3', {
      type: 'RG_DECISION',
      occurredAt: '2024-07-05',
      receivedAt: '2024-07-05T10:00:00Z',
      outcome: 'NEGATIVE',
      decisionMaker: 'SCA',
      reconsideration: true,
    }),
    e('rg-4', {
      type: 'RG_DECISION',
      occurredAt: '2024-07-19',
      receivedAt: '2024-07-19T10:00:00Z',
      outcome: 'POSITIVE',
      decisionMaker: 'SCA',
      reconsideration: true,
    }),
    e('loc-1', {
      type: 'CRIMINALITY_LOCATION_DETERMINED',
      occurredAt: '2024-06-10',
      receivedAt: '2024-06-10T10:00:00Z',
      criminalityLocation: 'OUTSIDE_ENGLAND_AND_WALES',
    }),
    e('loc-2', {
      type: 'CRIMINALITY_LOCATION_DETERMINED',
      occurredAt: '2024-06-28',
      receivedAt: '2024-06-28T10:00:00Z',
      criminalityLocation: 'UNKNOWN',
    }),
    e('loc-3', {
      type: 'CRIMINALITY_LOCATION_DETERMINED',
      occurredAt: '2024-07-12',
      receivedAt: '2024-07-12T10:00:00Z',
      criminalityLocation: 'ENGLAND_AND_WALES',
    }),
    e('cg-1', {
      type: 'CG_DECISION',
      occurredAt: '2024-08-01',
      receivedAt: '2024-08-01T10:00:00Z',
      outcome: 'POSITIVE',
      decisionMaker: 'SCA',
    }),
    e('crime', {
      type: 'CRIME_RECORDED',
      occurredAt: '2024-08-05',
      receivedAt: '2024-08-05T10:00:00Z',
      crimeReference: '13/1234/24',
      offence: 'FORCED_LABOUR',
    }),
    e('same-day-1', {
      type: 'CRIMINALITY_LOCATION_DETERMINED',
      occurredAt: '2024-06-14',
      receivedAt: '2024-06-14T09:00:00Z',
      criminalityLocation: 'ENGLAND_AND_WALES',
    }),
    e('same-day-2', {
      type: 'CRIMINALITY_LOCATION_DETERMINED',
      occurredAt: '2024-06-14',
      receivedAt: '2024-06-14T11:00:00Z',
      criminalityLocation: 'OUTSIDE_ENGLAND_AND_WALES',
    }),
    e('rg-late', {
      type: 'RG_DECISION',
      occurredAt: '2024-06-14',
      receivedAt: '2024-06-14T10:00:00Z',
      outcome: 'POSITIVE',
      decisionMaker: 'SCA',
      reconsideration: true,
    }),
    e('cg-2', {
      type: 'CG_DECISION',
      occurredAt: '2024-09-01',
      receivedAt: '2024-09-01T10:00:00Z',
      outcome: 'NEGATIVE',
      decisionMaker: 'SCA',
      reconsideration: true,
    }),
  ];
}

/** What a serial run and a parallel run must agree on (referralRef normalised). */
function essence(view: Record<string, unknown>, ref: string) {
  const v = comparable(view, ref) as Record<string, unknown>;
  const history = (v.history as Record<string, unknown>[]).map(({ code, rule, status, validFrom, validTo, causedBy }) => ({
    status,
    code,
    rule,
    validFrom,
    validTo,
    causedBy,
  }));
  return { status: v.status, classification: v.classification, crimeReference: v.crimeReference, facts: v.facts, history };
}

it('20 parallel requests touching one record end in the state a serial run gives', async () => {
  const serialRef = 'CONC-SERIAL';
  const parallelRef = 'CONC-PARALLEL';

  for (const e of busyHistory(serialRef)) expect((await post(e)).status).toBe(201);
  const serial = (await get(serialRef).expect(200)).body as Record<string, unknown>;

  // 14 distinct events + 6 copies of some of them = 20 requests (two of them batches) at once
  const events = busyHistory(parallelRef);
  const byId = (id: string) => events.find((e) => e.eventId === `${parallelRef}:${id}`)!;
  const singles = [...events.slice(0, 12), byId('referral'), byId('rg-2'), byId('rg-2'), byId('crime'), byId('loc-1'), byId('rg-4')];
  const batches = [
    [byId('rg-late'), byId('cg-2'), byId('referral')],
    [byId('cg-2'), byId('rg-3')],
  ];
  expect(singles.length + batches.length).toBe(20);

  const responses = await Promise.all([...singles.map(post), ...batches.map(postBatch)]);
  for (const r of responses) expect([200, 201]).toContain(r.status);

  // each distinct eventId applied exactly once across all requests; every other copy a DUPLICATE
  const outcomes: { eventId: string; status: string }[] = [];
  responses.slice(0, singles.length).forEach((r) => outcomes.push({ eventId: r.body.eventId, status: r.body.status }));
  responses.slice(singles.length).forEach((r) => outcomes.push(...(r.body.results as { eventId: string; status: string }[])));
  expect(outcomes).toHaveLength(singles.length + batches.flat().length);
  for (const e of events) {
    const mine = outcomes.filter((o) => o.eventId === e.eventId);
    expect({ eventId: e.eventId, applied: mine.filter((o) => o.status === 'APPLIED').length }).toEqual({ eventId: e.eventId, applied: 1 });
    expect(mine.every((o) => o.status === 'APPLIED' || o.status === 'DUPLICATE')).toBe(true);
  }
  // single posts: 201 exactly when APPLIED
  responses.slice(0, singles.length).forEach((r) => expect(r.status).toBe(r.body.status === 'APPLIED' ? 201 : 200));

  const parallel = (await get(parallelRef).expect(200)).body as Record<string, unknown>;
  expect(essence(parallel, parallelRef)).toEqual(essence(serial, serialRef));
  expect(serial).toMatchObject({ classification: { code: '106', rule: 'CRIME_RECORDED' }, facts: { eventCount: 14 } });
  // the stored history rows do not overlap in system time: exactly one current set per record
  const rows = (await t.dataSource.query(
    `SELECT count(*)::int AS n FROM classification_history h JOIN records r ON r.id = h.record_id
      WHERE r.referral_ref = $1 AND h.system_to IS NULL`,
    [parallelRef],
  )) as { n: number }[];
  expect(rows[0].n).toBe((parallel.history as unknown[]).length);
}, 60_000);

it('20 parallel identical replays of one event give exactly one APPLIED and 19 DUPLICATE', async () => {
  const ref = 'CONC-REPLAY';
  const [referral] = busyHistory(ref);
  const responses = await Promise.all(Array.from({ length: 20 }, () => post(referral)));
  expect(responses.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
  expect(responses.filter((r) => r.body.status === 'APPLIED')).toHaveLength(1);
  expect(responses.filter((r) => r.body.status === 'DUPLICATE')).toHaveLength(19);
  const record = (await get(ref).expect(200)).body;
  expect(record).toMatchObject({ version: 1, facts: { eventCount: 1 }, classification: { code: 'N200/01' } });
  expect(record.history).toHaveLength(1);
  const [{ n }] = (await t.dataSource.query('SELECT count(*)::int AS n FROM events WHERE event_id = $1', [referral.eventId])) as {
    n: number;
  }[];
  expect(n).toBe(1);
}, 60_000);

it('20 parallel conflicting versions of one eventId give exactly one 201 and 19 × 409, and only the winner is stored', async () => {
  const ref = 'CONC-CONFLICT';
  const [referral] = busyHistory(ref);
  await post(referral).expect(201);
  const before = (await get(ref).expect(200)).body;
  // the same eventId, 20 different contents: other dates and outcomes, and some on other referrals
  const versions: WireEvent[] = Array.from({ length: 20 }, (_, i) => ({
    eventId: `${ref}:contested`,
    type: 'RG_DECISION',
    force: FORCE,
    referralRef: i % 5 === 4 ? `${ref}-OTHER-${i}` : ref,
    occurredAt: `2024-06-${String(5 + i).padStart(2, '0')}`,
    outcome: i % 2 === 0 ? 'POSITIVE' : 'NEGATIVE',
    decisionMaker: 'SCA',
  }));
  const responses = await Promise.all(versions.map(post));
  const statuses = responses.map((r) => r.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  for (const r of responses.filter((x) => x.status === 409)) expect(r.body).toMatchObject({ statusCode: 409, code: 'EVENT_CONFLICT' });

  const winner = versions[statuses.indexOf(201)];
  const stored = (await t.dataSource.query('SELECT referral_ref, body FROM events WHERE event_id = $1', [winner.eventId])) as {
    referral_ref: string;
    body: Record<string, unknown>;
  }[];
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ referral_ref: winner.referralRef, body: { occurredAt: winner.occurredAt, outcome: winner.outcome } });

  // the record of the winner's referral moved with it; the losers' other referrals have no record
  for (const v of versions) {
    const res = await get(v.referralRef);
    if (v.referralRef === winner.referralRef) expect(res.status).toBe(200);
    else if (v.referralRef !== ref) expect(res.status).toBe(404);
  }
  const after = (await get(ref).expect(200)).body;
  if (winner.referralRef === ref) {
    expect(after.facts.rg).toMatchObject({ outcome: winner.outcome, decidedOn: winner.occurredAt });
    expect(after.classification.code).toBe(winner.outcome === 'POSITIVE' ? '106' : 'N200/02');
  } else {
    expect(after).toEqual(before);
  }
}, 60_000);

it('parallel batches touching two referrals in opposite orders neither deadlock nor lose events', async () => {
  const [x, y] = ['CONC-X', 'CONC-Y'];
  const hx = busyHistory(x);
  const hy = busyHistory(y);
  const batches = Array.from({ length: 10 }, (_, i) => {
    const pair = [hx[i % hx.length], hy[(i * 3) % hy.length], hx[(i + 7) % hx.length], hy[(i + 5) % hy.length]];
    return i % 2 === 0 ? pair : pair.reverse();
  });
  const responses = await Promise.all(batches.map(postBatch));
  expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
  const sent = new Set(batches.flat().map((e) => e.eventId));
  const [{ n }] = (await t.dataSource.query('SELECT count(*)::int AS n FROM events WHERE referral_ref = ANY($1::text[])', [[x, y]])) as {
    n: number;
  }[];
  expect(n).toBe(sent.size);
  for (const ref of [x, y]) {
    const rec = (await get(ref).expect(200)).body;
    expect(rec.facts.eventCount).toBe([...sent].filter((id) => id.startsWith(`${ref}:`)).length);
  }
}, 60_000);

describe('single events sent at once are written together (SingleEventIngest), each with its own answer', () => {
  const ref = (i: number) => `GATHER-${i}`;

  it('answers each request with its own status and record; a conflict fails only its own request', async () => {
    const other = await mintToken({ secret: TEST_SECRET, roles: ['recorder'], forces: ['*'], sub: 'another-system', ttl: '10m' });
    const before = Date.now();
    const fresh = Array.from({ length: 24 }, (_, i) =>
      referral(i % 2 === 0 ? FORCE : 'E23000001', ref(i), { receivedAt: i === 5 ? undefined : '2024-06-03T10:00:00Z' }),
    );
    const replay = fresh[3];
    const clash = { ...fresh[7], exploitationTypes: ['SEXUAL'] };
    const sends: { event: Record<string, unknown>; token: string }[] = [
      ...fresh.map((event) => ({ event, token })),
      { event: replay, token },
      { event: clash, token },
      // the same eventId from another sender is another event (event ids are unique per sender)
      { event: { ...fresh[9], force: 'E23000001', referralRef: ref(99) }, token: other },
    ];
    const responses = await Promise.all(
      sends.map((s) => t.http.post('/v1/events').set('authorization', `Bearer ${s.token}`).send(s.event)),
    );

    fresh.forEach((e, i) => {
      const r = responses[i];
      if (i === 7) return; // raced with its clash: checked below
      expect({ i, status: r.status, body: r.body.status }).toEqual({
        i,
        status: i === 3 ? expect.any(Number) : 201,
        body: i === 3 ? expect.any(String) : 'APPLIED',
      });
      expect(r.body.record).toMatchObject({ force: e.force, referralRef: e.referralRef });
    });
    // the replay and its original: one APPLIED (201), one DUPLICATE (200), both answered with the record
    expect([responses[3].status, responses[24].status].sort()).toEqual([200, 201]);
    expect(responses[24].body.record).toMatchObject({ referralRef: ref(3) });
    // the clash and its original: one is stored (201), the other refused (409) naming the eventId, whichever came first
    const pair = [responses[7], responses[25]];
    expect(pair.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(pair.find((r) => r.status === 409)!.body).toMatchObject({ code: 'EVENT_CONFLICT', details: [{ index: 0, field: 'eventId' }] });
    expect(responses[26].status).toBe(201);
    expect(responses[26].body.record).toMatchObject({ force: 'E23000001', referralRef: ref(99) });

    // a missing receivedAt defaults to when that request arrived
    const [stored] = (await t.dataSource.query('SELECT received_at FROM events WHERE referral_ref = $1', [ref(5)])) as {
      received_at: Date;
    }[];
    expect(stored.received_at.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(stored.received_at.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    // one event per eventId and sender, nothing from the refused clash
    const [{ n }] = (await t.dataSource.query("SELECT count(*)::int AS n FROM events WHERE referral_ref LIKE 'GATHER-%'")) as {
      n: number;
    }[];
    expect(n).toBe(25);
  }, 60_000);
});
