import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { canonicalJson } from '../../src/hocr/canonical-json';
import { HOCR_CODES } from '../../src/hocr/codes';
import { FORCES } from '../../src/hocr/forces';
import { createNationalTestApp, type TestApp } from '../helpers/test-app';
import { referral as wireReferral, UNRECORDED_REFERRAL, type RawEvent as Ev } from '../helpers/wire-events';

/**
 * Statistical returns through HTTP (issue 4; SPEC §5, §7): counting, the 31 March / 1 April boundary,
 * force scope, validation, as-at reproducibility byte for byte, frozen submissions and their revisions,
 * CSV and XLSX read back with their libraries. Each group uses its own force so the groups do not
 * disturb each other's counts.
 */

const CSV_HEADER = [
  'Financial Year',
  'Financial Quarter',
  'Force Name',
  'Offence Description',
  'Offence Group',
  'Offence Subgroup',
  'Offence Code',
  'Number of Offences',
];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The shared referral, without recordedAt and from a generic council. */
const referral = (force: string, ref: string, over: Ev = {}) => wireReferral(force, ref, { ...UNRECORDED_REFERRAL, ...over });
const policeReferral = (force: string, ref: string, over: Ev = {}) =>
  referral(force, ref, { source: 'POLICE_REFERRAL', firstResponder: { type: 'POLICE', organisation: 'The force' }, ...over });
const dtn = (force: string, ref: string, over: Ev = {}) =>
  referral(force, ref, {
    referralType: 'DTN',
    firstResponder: { type: 'GOVERNMENT_AGENCY', organisation: 'Home Office' },
    victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: false },
    ...over,
  });
const rg = (force: string, ref: string, outcome: 'POSITIVE' | 'NEGATIVE', over: Ev = {}): Ev => ({
  eventId: `${ref}/rg-${outcome}`,
  type: 'RG_DECISION',
  force,
  referralRef: ref,
  occurredAt: '2024-06-07',
  outcome,
  decisionMaker: 'SCA',
  ...over,
});
const crime = (force: string, ref: string): Ev => ({
  eventId: `${ref}/crime`,
  type: 'CRIME_RECORDED',
  force,
  referralRef: ref,
  occurredAt: '2024-06-08',
  crimeReference: `CRN-${ref}`,
  offence: 'FORCED_LABOUR',
});
const cancel = (force: string, ref: string): Ev => ({
  eventId: `${ref}/cancel`,
  type: 'RECORD_CANCELLED',
  force,
  referralRef: ref,
  occurredAt: '2024-06-20',
  reason: 'DUPLICATE',
  authorisedBy: 'FCR',
});
const transfer = (force: string, ref: string, toForce: string): Ev => ({
  eventId: `${ref}/transfer`,
  type: 'TRANSFERRED',
  force,
  referralRef: ref,
  occurredAt: '2024-06-12',
  // the receiving force counts its record from this receipt (SPEC §7; docs/decisions.md)
  receivedAt: '2024-06-12T10:00:00Z',
  toForce,
});
const locationEw = (force: string, ref: string): Ev => ({
  eventId: `${ref}/location`,
  type: 'CRIMINALITY_LOCATION_DETERMINED',
  force,
  referralRef: ref,
  occurredAt: '2024-06-10',
  criminalityLocation: 'ENGLAND_AND_WALES',
});

const zeroCodes = () => Object.fromEntries(HOCR_CODES.map((c) => [c, 0]));

let t: TestApp;
let recorder: string;
let national: string;

beforeAll(async () => {
  ({ t, recorder, auditor: national } = await createNationalTestApp());
});
afterAll(async () => {
  await t?.close();
});

async function ingest(...events: Ev[]): Promise<void> {
  const res = await t.http.post('/v1/events/batch').set('authorization', `Bearer ${recorder}`).send({ events });
  expect(res.status).toBe(200);
  expect(res.body.results.every((r: { status: string }) => r.status === 'APPLIED')).toBe(true);
}

function getReturn(token: string, query: Record<string, string>) {
  return t.http.get('/v1/returns').query(query).set('authorization', `Bearer ${token}`);
}

/** The raw response bytes (supertest parses only JSON and text by default). */
async function getBytes(token: string, query: Record<string, string>, accept?: string) {
  const req = t.http
    .get('/v1/returns')
    .query(query)
    .set('authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  if (accept) req.set('accept', accept);
  const res = await req;
  return { res, bytes: res.body as Buffer };
}

describe('counting (SPEC §7)', () => {
  const F = 'E23000010'; // West Yorkshire Police
  let wy: string;
  beforeAll(async () => {
    wy = await t.token('auditor', F);
    await ingest(
      // N200/01 ×3: received from the SCA, no RG decision yet
      referral(F, 'WY-01-a'),
      referral(F, 'WY-01-b'),
      referral(F, 'WY-01-c'),
      // N200/02 ×2: negative RG, England and Wales
      referral(F, 'WY-02-a'),
      rg(F, 'WY-02-a', 'NEGATIVE'),
      referral(F, 'WY-02-b'),
      rg(F, 'WY-02-b', 'NEGATIVE'),
      // N200/03: DtN not by police
      dtn(F, 'WY-03-a'),
      // N200/04 ×2: outside England and Wales, positive RG; and a police referral outside
      referral(F, 'WY-04-a', { exploitationLocation: 'OVERSEAS' }),
      rg(F, 'WY-04-a', 'POSITIVE'),
      policeReferral(F, 'WY-04-b', { exploitationLocation: 'OVERSEAS' }),
      // N200/05: outside, negative RG
      referral(F, 'WY-05-a', { exploitationLocation: 'OVERSEAS' }),
      rg(F, 'WY-05-a', 'NEGATIVE'),
      // N200/06: transferred to the Met (which gets its own record for the referral)
      referral(F, 'WY-06-a'),
      transfer(F, 'WY-06-a', 'E23000001'),
      // 106 ×4: positive RG, a crime recorded, a police referral, a direct report
      referral(F, 'WY-106-a'),
      rg(F, 'WY-106-a', 'POSITIVE'),
      referral(F, 'WY-106-b'),
      crime(F, 'WY-106-b'),
      policeReferral(F, 'WY-106-c'),
      referral(F, 'WY-106-d', { source: 'DIRECT_REPORT', firstResponder: { type: 'POLICE', organisation: 'The force' } }),
      // left out: a cancelled record and an INCOMPLETE one (a decision, no referral yet)
      referral(F, 'WY-X-cancelled'),
      cancel(F, 'WY-X-cancelled'),
      rg(F, 'WY-X-incomplete', 'POSITIVE'),
      // another financial year: not in 2024-25
      referral(F, 'WY-01-next-year', { occurredAt: '2025-04-02', receivedAt: '2025-04-02T09:00:00Z' }),
    );
  });

  it('built one record per code, plus a cancelled and an INCOMPLETE one', async () => {
    const rows = (await t.dataSource.query(`SELECT referral_ref, status, code FROM records WHERE force = $1 ORDER BY referral_ref`, [
      F,
    ])) as {
      referral_ref: string;
      status: string;
      code: string | null;
    }[];
    const byRef = Object.fromEntries(rows.map((r) => [r.referral_ref, `${r.status} ${r.code}`]));
    expect(byRef).toMatchObject({
      'WY-01-a': 'OPEN N200/01',
      'WY-02-a': 'OPEN N200/02',
      'WY-03-a': 'OPEN N200/03',
      'WY-04-a': 'OPEN N200/04',
      'WY-04-b': 'OPEN N200/04',
      'WY-05-a': 'OPEN N200/05',
      'WY-06-a': 'OPEN N200/06',
      'WY-106-a': 'OPEN 106',
      'WY-106-b': 'OPEN 106',
      'WY-106-c': 'OPEN 106',
      'WY-106-d': 'OPEN 106',
      'WY-X-cancelled': 'CANCELLED null',
      'WY-X-incomplete': 'INCOMPLETE null',
    });
  });

  it('counts every code; cancelled and INCOMPLETE records are left out', async () => {
    const res = await getReturn(wy, { force: F, period: '2024-25' }).expect(200);
    expect(res.body.byCode).toEqual({ 'N200/01': 3, 'N200/02': 2, 'N200/03': 1, 'N200/04': 2, 'N200/05': 1, 'N200/06': 1, '106': 4 });
    expect(res.body.force).toBe(F);
    expect(res.body.period).toEqual({ label: '2024-25', kind: 'FINANCIAL_YEAR', from: '2024-04-01', to: '2025-03-31' });
  });

  it('reports incidents and notifiable crimes as separate totals, never summed', async () => {
    const res = await getReturn(wy, { force: F, period: '2024-25' }).expect(200);
    expect(res.body.totals).toEqual({ reportedIncidents: 10, notifiableCrimes: 4 });
    expect(Object.keys(res.body.totals).sort()).toEqual(['notifiableCrimes', 'reportedIncidents']);
    const q1 = res.body.rows.filter((r: { financialQuarter: number }) => r.financialQuarter === 1);
    const crimes = q1.filter((r: { offenceCode: string }) => r.offenceCode === '106');
    expect(crimes).toHaveLength(1);
    expect(crimes[0]).toMatchObject({
      offenceGroup: 'Violence against the person',
      offenceSubgroup: 'Violence without injury',
      offenceDescription: 'Modern slavery',
      numberOfOffences: 4,
    });
    for (const r of q1.filter((x: { offenceCode: string }) => x.offenceCode !== '106')) {
      expect(r).toMatchObject({ offenceGroup: 'Reported incidents', offenceSubgroup: 'Modern slavery reported incidents' });
    }
  });

  it('lists all seven codes in every quarter, with zero where none', async () => {
    const res = await getReturn(wy, { force: F, period: '2024-25' }).expect(200);
    expect(res.body.rows).toHaveLength(4 * 7);
    for (const q of [1, 2, 3, 4]) {
      const rows = res.body.rows.filter((r: { financialQuarter: number }) => r.financialQuarter === q);
      expect(rows.map((r: { offenceCode: string }) => r.offenceCode)).toEqual([...HOCR_CODES]);
      expect(
        rows.every(
          (r: { financialYear: string; forceName: string }) => r.financialYear === '2024/25' && r.forceName === 'West Yorkshire Police',
        ),
      ).toBe(true);
      if (q > 1) expect(rows.every((r: { numberOfOffences: number }) => r.numberOfOffences === 0)).toBe(true);
    }
    const cumbria = await getReturn(national, { force: 'E23000002', period: '2024-25-Q1' }).expect(200);
    expect(cumbria.body.byCode).toEqual(zeroCodes());
    expect(cumbria.body.totals).toEqual({ reportedIncidents: 0, notifiableCrimes: 0 });
    expect(cumbria.body.rows).toHaveLength(7);
    expect(cumbria.body.rows.map((r: { numberOfOffences: number }) => r.numberOfOffences)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('counts the receiving force its own record of a transferred referral', async () => {
    const met = await getReturn(national, { force: 'E23000001', period: '2024-25' }).expect(200);
    expect(met.body.byCode['N200/06']).toBe(0);
    expect(met.body.totals.reportedIncidents + met.body.totals.notifiableCrimes).toBe(1);
  });

  it('counts by the period of receipt: the next financial year is apart', async () => {
    const next = await getReturn(wy, { force: F, period: '2025-26' }).expect(200);
    expect(next.body.byCode).toEqual({ ...zeroCodes(), 'N200/01': 1 });
    const month = await getReturn(wy, { force: F, period: '2024-06' }).expect(200);
    expect(month.body.byCode).toEqual((await getReturn(wy, { force: F, period: '2024-25' })).body.byCode);
    expect(month.body.rows).toHaveLength(7);
  });

  it('force=ALL needs a national token (403 otherwise) and includes every force', async () => {
    await getReturn(wy, { force: 'ALL', period: '2024-25' }).expect(403);
    const all = await getReturn(national, { force: 'ALL', period: '2024-25-Q1' }).expect(200);
    const forces = [...new Set(all.body.rows.map((r: { forceCode: string }) => r.forceCode))];
    expect(forces.sort()).toEqual(FORCES.map((f) => f.code).sort());
    expect(all.body.rows).toHaveLength(FORCES.length * 7);
    const wyRows = all.body.rows.filter((r: { forceCode: string }) => r.forceCode === F);
    expect(wyRows.map((r: { numberOfOffences: number }) => r.numberOfOffences)).toEqual([3, 2, 1, 2, 1, 1, 4]);
    // national totals are the sum over forces (other groups of this file add their own records)
    const sum = (code: string) =>
      all.body.rows
        .filter((r: { offenceCode: string }) => r.offenceCode === code)
        .reduce((s: number, r: { numberOfOffences: number }) => s + r.numberOfOffences, 0);
    for (const code of HOCR_CODES) expect(all.body.byCode[code]).toBe(sum(code));
  });

  it("a single-force token cannot read another force's return (403)", async () => {
    await getReturn(wy, { force: 'E23000001', period: '2024-25' }).expect(403);
  });

  it('needs the auditor or spoc role', async () => {
    const rec = await t.token('recorder', F);
    await getReturn(rec, { force: F, period: '2024-25' }).expect(403);
    const spoc = await t.token('spoc', F);
    await getReturn(spoc, { force: F, period: '2024-25' }).expect(200);
  });

  it.each([
    [{ force: F, period: '2024-26' }, ['period']],
    [{ force: F, period: 'last year' }, ['period']],
    [{ force: F, period: '2024-13' }, ['period']],
    [{ force: 'E99999999', period: '2024-25' }, ['force']],
    [{ force: 'West Yorkshire', period: '2024-25' }, ['force']],
    [{ force: F }, ['period']],
    [{ period: '2024-25' }, ['force']],
    [{ force: F, period: '2024-25', asAt: 'yesterday' }, ['asAt']],
    [{ force: F, period: '2024-25', format: 'pdf' }, ['format']],
  ])('refuses %j with 400 naming %j', async (query, fields) => {
    const res = await getReturn(national, query as Record<string, string>).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect([...new Set(res.body.details.map((d: { field: string }) => d.field))].sort()).toEqual(fields);
  });

  it('refuses a bad force and a bad period together, naming both', async () => {
    const res = await getReturn(national, { force: 'E99999999', period: '2024-26' }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['force', 'period']);
  });
});

describe('the 31 March / 1 April boundary (Europe/London, BST from 31 March 2024)', () => {
  const F = 'E23000013'; // Cleveland Police
  beforeAll(async () => {
    await ingest(
      // 2024-03-31T23:30Z is 00:30 BST on 1 April 2024: FY 2024-25 Q1
      referral(F, 'CL-april', { occurredAt: '2024-03-31', receivedAt: '2024-03-31T23:30:00Z' }),
      // 2024-03-31T22:30Z is 23:30 BST on 31 March 2024: FY 2023-24 Q4
      referral(F, 'CL-march', { occurredAt: '2024-03-31', receivedAt: '2024-03-31T22:30:00Z' }),
    );
  });

  it('records the London date of receipt', async () => {
    const rows = (await t.dataSource.query(`SELECT referral_ref, received_date FROM records WHERE force = $1 ORDER BY referral_ref`, [
      F,
    ])) as {
      referral_ref: string;
      received_date: string;
    }[];
    expect(rows).toEqual([
      { referral_ref: 'CL-april', received_date: '2024-04-01' },
      { referral_ref: 'CL-march', received_date: '2024-03-31' },
    ]);
  });

  it.each([
    ['2024-25', 1],
    ['2024-25-Q1', 1],
    ['2024-04', 1],
    ['2023-24', 1],
    ['2023-24-Q4', 1],
    ['2024-03', 1],
    ['2024-25-Q4', 0],
    ['2023-24-Q3', 0],
  ])('period %s counts %d', async (period, n) => {
    const res = await getReturn(national, { force: F, period }).expect(200);
    expect(res.body.byCode).toEqual({ ...zeroCodes(), 'N200/01': n });
  });

  it('puts the April record in 2024/25 quarter 1 and the March one in 2023/24 quarter 4', async () => {
    const april = await getReturn(national, { force: F, period: '2024-25' }).expect(200);
    const a = april.body.rows.find((r: { numberOfOffences: number }) => r.numberOfOffences > 0);
    expect(a).toMatchObject({ financialYear: '2024/25', financialQuarter: 1, offenceCode: 'N200/01' });
    const march = await getReturn(national, { force: F, period: '2023-24' }).expect(200);
    const m = march.body.rows.find((r: { numberOfOffences: number }) => r.numberOfOffences > 0);
    expect(m).toMatchObject({ financialYear: '2023/24', financialQuarter: 4, offenceCode: 'N200/01' });
  });
});

describe('a transferred referral counts at the receiving force from its own receipt (SPEC §7; docs/decisions.md)', () => {
  const A = 'E23000020'; // Lincolnshire Police
  const B = 'E23000021'; // Leicestershire Police
  const ref = 'LI-transferred';
  beforeAll(async () => {
    await ingest(referral(A, ref, { occurredAt: '2024-03-28', receivedAt: '2024-03-28T10:00:00Z' }), {
      ...transfer(A, ref, B),
      occurredAt: '2024-04-02',
      receivedAt: '2024-04-02T09:00:00Z',
    });
  });

  it("counts the sender's N200/06 in the period of its own receipt of the referral", async () => {
    const a = await getReturn(national, { force: A, period: '2023-24' }).expect(200);
    expect(a.body.byCode).toEqual({ ...zeroCodes(), 'N200/06': 1 });
    expect((await getReturn(national, { force: A, period: '2024-25' }).expect(200)).body.byCode).toEqual(zeroCodes());
  });

  it("counts the receiver's record in the period of the transfer's receipt, not of the sender's receipt", async () => {
    expect((await getReturn(national, { force: B, period: '2023-24' }).expect(200)).body.byCode).toEqual(zeroCodes());
    const b = await getReturn(national, { force: B, period: '2024-25' }).expect(200);
    expect(b.body.byCode).toEqual({ ...zeroCodes(), 'N200/01': 1 });
    expect(b.body.rows.find((r: { numberOfOffences: number }) => r.numberOfOffences > 0)).toMatchObject({ financialQuarter: 1 });
  });

  it("shows the receiver's date of receipt on its record, and the compliance summary counts it in the same period", async () => {
    const rec = await t.http.get(`/v1/forces/${B}/records/${ref}`).set('authorization', `Bearer ${national}`).expect(200);
    expect(rec.body.receivedDate).toBe('2024-04-02');
    expect(rec.body.facts.referralReceivedAt).toBe('2024-03-28T10:00:00.000Z');
    const summary = (period: string) =>
      t.http.get('/v1/compliance/summary').query({ force: B, period }).set('authorization', `Bearer ${national}`).expect(200);
    expect((await summary('2023-24')).body.records).toBe(0);
    expect((await summary('2024-25')).body.records).toBe(1);
  });
});

describe('as at a past service time: byte for byte (SPEC §5)', () => {
  const F = 'E23000005'; // Greater Manchester Police
  const captured: { step: string; asAt: string; json: string; csv: Buffer; jsonQ1: string }[] = [];
  let gmp: string;
  let before: string;

  async function capture(step: string) {
    const json = await getReturn(gmp, { force: F, period: '2024-25' }).expect(200);
    const csv = await getBytes(gmp, { force: F, period: '2024-25', format: 'csv' });
    expect(csv.res.status).toBe(200);
    const jsonQ1 = await getReturn(gmp, { force: F, period: '2024-25-Q1', asAt: json.body.asAt }).expect(200);
    captured.push({ step, asAt: json.body.asAt, json: json.text, csv: csv.bytes, jsonQ1: jsonQ1.text });
    return json.body;
  }

  beforeAll(async () => {
    gmp = await t.token('auditor', F);
    before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    // step 1: two referrals from the SCA
    await ingest(referral(F, 'GM-a'), referral(F, 'GM-b'));
    await capture('referrals');
    // step 2: RG decisions
    await ingest(rg(F, 'GM-a', 'POSITIVE'), rg(F, 'GM-b', 'NEGATIVE'));
    await capture('rg decisions');
    // step 3: a police referral and a crime recorded on the positive one
    await ingest(policeReferral(F, 'GM-c'), crime(F, 'GM-a'));
    await capture('crimes');
    // step 4: a cancellation
    await ingest(cancel(F, 'GM-b'));
    await capture('cancellation');
    // step 5: a late referral (a DtN) and an RG reconsideration that does not change a code
    await ingest(dtn(F, 'GM-d'), rg(F, 'GM-c', 'POSITIVE', { eventId: 'GM-c/rg-reconsidered', reconsideration: true }));
    await capture('dtn');
  });

  it('captured a changing return at every step', () => {
    const counts = captured.map((c) => JSON.parse(c.json).byCode);
    expect(counts).toEqual([
      { ...zeroCodes(), 'N200/01': 2 },
      { ...zeroCodes(), 'N200/02': 1, '106': 1 },
      { ...zeroCodes(), 'N200/02': 1, '106': 2 },
      { ...zeroCodes(), '106': 2 },
      { ...zeroCodes(), 'N200/03': 1, '106': 2 },
    ]);
    expect(new Set(captured.map((c) => c.asAt)).size).toBe(captured.length);
  });

  it('answers each captured moment again exactly, JSON and CSV, after the ingest', async () => {
    for (const c of captured) {
      const json = await getReturn(gmp, { force: F, period: '2024-25', asAt: c.asAt }).expect(200);
      expect({ step: c.step, body: json.text }).toEqual({ step: c.step, body: c.json });
      const csv = await getBytes(gmp, { force: F, period: '2024-25', asAt: c.asAt, format: 'csv' });
      expect(csv.res.status).toBe(200);
      expect(Buffer.compare(csv.bytes, c.csv)).toBe(0);
      const q1 = await getReturn(gmp, { force: F, period: '2024-25-Q1', asAt: c.asAt }).expect(200);
      expect(q1.text).toBe(c.jsonQ1);
    }
  });

  it('gives the same return for an asAt written with another offset (the same instant)', async () => {
    const c = captured[2];
    const ms = Date.parse(c.asAt);
    const local = new Date(ms + 3600_000).toISOString().replace('Z', '+01:00');
    const json = await getReturn(gmp, { force: F, period: '2024-25', asAt: local }).expect(200);
    expect(json.text).toBe(c.json);
  });

  it('is all zeros as at a time before the first event', async () => {
    const res = await getReturn(gmp, { force: F, period: '2024-25', asAt: before }).expect(200);
    expect(res.body.byCode).toEqual(zeroCodes());
    expect(res.body.asAt).toBe(before);
  });

  it('the national return as at each moment holds the force rows of that moment', async () => {
    for (const c of captured) {
      const all = await getReturn(national, { force: 'ALL', period: '2024-25', asAt: c.asAt }).expect(200);
      const rows = all.body.rows.filter((r: { forceCode: string }) => r.forceCode === F);
      expect(rows).toEqual(JSON.parse(c.json).rows);
    }
  });
});

describe('submissions and revisions (SPEC §7)', () => {
  const F = 'E23000014'; // West Midlands Police
  let wm: string;
  let submission: {
    id: string;
    force: string;
    period: string;
    asAt: string;
    contentHash: string;
    submittedBy: string;
    submittedAt: string;
    return: { byCode: Record<string, number> };
  };

  beforeAll(async () => {
    wm = await t.token('auditor', F);
    await ingest(
      referral(F, 'WM-a'), // pending: will get a positive RG → 106
      referral(F, 'WM-b'), // pending: will be cancelled
      referral(F, 'WM-c'), // pending: an event that changes nothing
      referral(F, 'WM-d'),
      rg(F, 'WM-d', 'POSITIVE'), // 106, untouched
      referral(F, 'WM-q3', { occurredAt: '2024-10-01', receivedAt: '2024-10-01T09:00:00Z' }), // Q3, untouched
    );
    const res = await t.http
      .post('/v1/returns/submissions')
      .set('authorization', `Bearer ${wm}`)
      .send({ force: F, period: '2024-25' })
      .expect(201);
    submission = res.body;
    await ingest(rg(F, 'WM-a', 'POSITIVE'), cancel(F, 'WM-b'), locationEw(F, 'WM-c'), referral(F, 'WM-e'));
  });

  it('freezes the return whole, with the SHA-256 of its canonical JSON', async () => {
    expect(submission).toMatchObject({ force: F, period: '2024-25', submittedBy: expect.any(String) });
    expect(submission.return.byCode).toEqual({ ...zeroCodes(), 'N200/01': 4, '106': 1 });
    expect(submission.contentHash).toBe(createHash('sha256').update(canonicalJson(submission.return)).digest('hex'));
    const one = await t.http.get(`/v1/returns/submissions/${submission.id}`).set('authorization', `Bearer ${wm}`).expect(200);
    expect(one.body).toEqual(submission);
    // the frozen return is the return as at the submission's time
    const asAt = await getReturn(wm, { force: F, period: '2024-25', asAt: submission.asAt }).expect(200);
    expect(asAt.body).toEqual(submission.return);
  });

  it('the submission does not change when the records do', async () => {
    const one = await t.http.get(`/v1/returns/submissions/${submission.id}`).set('authorization', `Bearer ${wm}`).expect(200);
    expect(one.body.return.byCode).toEqual({ ...zeroCodes(), 'N200/01': 4, '106': 1 });
    const now = await getReturn(wm, { force: F, period: '2024-25' }).expect(200);
    expect(now.body.byCode).toEqual({ ...zeroCodes(), 'N200/01': 3, '106': 2 });
  });

  it('revisions: per code submitted, now, difference', async () => {
    const res = await t.http.get(`/v1/returns/submissions/${submission.id}/revisions`).set('authorization', `Bearer ${wm}`).expect(200);
    expect(res.body.codes).toEqual(
      HOCR_CODES.map((code) => {
        const submitted = { 'N200/01': 4, '106': 1 }[code as string] ?? 0;
        const now = { 'N200/01': 3, '106': 2 }[code as string] ?? 0;
        return { code, submitted, now, difference: now - submitted };
      }),
    );
    expect(res.body.totals).toEqual({ reportedIncidents: { submitted: 4, now: 3 }, notifiableCrimes: { submitted: 1, now: 2 } });
    expect(res.body.submission.id).toBe(submission.id);
    expect(res.body.submission.return).toBeUndefined();
  });

  it('revisions name exactly the records that moved, from/to codes, and the events that moved them', async () => {
    const res = await t.http.get(`/v1/returns/submissions/${submission.id}/revisions`).set('authorization', `Bearer ${wm}`).expect(200);
    const moved = res.body.movedRecords.map(
      (m: { referralRef: string; from: string | null; to: string | null; force: string; events: { eventId: string; type: string }[] }) => ({
        force: m.force,
        referralRef: m.referralRef,
        from: m.from,
        to: m.to,
        events: m.events.map((e) => `${e.type} ${e.eventId}`),
      }),
    );
    expect(moved).toEqual([
      { force: F, referralRef: 'WM-a', from: 'N200/01', to: '106', events: ['RG_DECISION WM-a/rg-POSITIVE'] },
      { force: F, referralRef: 'WM-b', from: 'N200/01', to: null, events: ['RECORD_CANCELLED WM-b/cancel'] },
      { force: F, referralRef: 'WM-e', from: null, to: 'N200/01', events: ['REFERRAL_RECEIVED WM-e/referral'] },
    ]);
    for (const m of res.body.movedRecords) {
      for (const e of m.events) expect(Date.parse(e.storedAt)).toBeGreaterThan(Date.parse(submission.asAt));
    }
    // they are named with their events: the answer is in the access log (docs/decisions.md, "The access log")
    const [logged] = (await t.dataSource.query(
      "SELECT records, query FROM access_log WHERE action = 'REVISIONS_READ' AND correlation_id = $1",
      [res.headers['x-request-id']],
    )) as { records: string[][]; query: Record<string, string> }[];
    expect(logged).toEqual({
      records: moved.map((m: { force: string; referralRef: string }) => [m.force, m.referralRef]),
      query: { submissionId: submission.id, asAt: res.body.asAt },
    });
  });

  it('submitted returns are immutable in the database (UPDATE and DELETE fail)', async () => {
    await expect(t.dataSource.query(`UPDATE return_submissions SET content_hash = 'x' WHERE id = $1`, [submission.id])).rejects.toThrow(
      /immutable/,
    );
    await expect(t.dataSource.query(`UPDATE return_submissions SET content = '{}'::jsonb`)).rejects.toThrow(/immutable/);
    await expect(t.dataSource.query(`DELETE FROM return_submissions WHERE id = $1`, [submission.id])).rejects.toThrow(/immutable/);
    const [row] = (await t.dataSource.query('SELECT content_hash FROM return_submissions WHERE id = $1', [submission.id])) as {
      content_hash: string;
    }[];
    expect(row.content_hash).toBe(submission.contentHash);
  });

  it('submitting needs the auditor (or admin) role and the force in scope', async () => {
    const spoc = await t.token('spoc', F);
    await t.http.post('/v1/returns/submissions').set('authorization', `Bearer ${spoc}`).send({ force: F, period: '2024-25' }).expect(403);
    const rec = await t.token('recorder', F);
    await t.http.post('/v1/returns/submissions').set('authorization', `Bearer ${rec}`).send({ force: F, period: '2024-25' }).expect(403);
    await t.http
      .post('/v1/returns/submissions')
      .set('authorization', `Bearer ${wm}`)
      .send({ force: 'E23000010', period: '2024-25' })
      .expect(403);
    await t.http.post('/v1/returns/submissions').set('authorization', `Bearer ${wm}`).send({ force: 'ALL', period: '2024-25' }).expect(403);
    const admin = await t.token('admin', F);
    const res = await t.http
      .post('/v1/returns/submissions')
      .set('authorization', `Bearer ${admin}`)
      .send({ force: F, period: '2024-25-Q3' })
      .expect(201);
    expect(res.body.return.byCode).toEqual({ ...zeroCodes(), 'N200/01': 1 });
  });

  it('refuses a bad period or force with 400 naming the field', async () => {
    const p = await t.http
      .post('/v1/returns/submissions')
      .set('authorization', `Bearer ${national}`)
      .send({ force: F, period: '2024-26' })
      .expect(400);
    expect(p.body.details.map((d: { field: string }) => d.field)).toEqual(['period']);
    const f = await t.http
      .post('/v1/returns/submissions')
      .set('authorization', `Bearer ${national}`)
      .send({ force: 'E99999999', period: '2024-25' })
      .expect(400);
    expect(f.body.details.map((d: { field: string }) => d.field)).toEqual(['force']);
  });

  it("another force's submission is 404 for a single-force token (not disclosed)", async () => {
    const wy = await t.token('auditor', 'E23000010');
    await t.http.get(`/v1/returns/submissions/${submission.id}`).set('authorization', `Bearer ${wy}`).expect(404);
    await t.http.get(`/v1/returns/submissions/${submission.id}/revisions`).set('authorization', `Bearer ${wy}`).expect(404);
    const list = await t.http.get('/v1/returns/submissions').set('authorization', `Bearer ${wy}`).expect(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(submission.id);
    await t.http.get('/v1/returns/submissions/00000000-0000-0000-0000-000000000000').set('authorization', `Bearer ${wm}`).expect(404);
    await t.http.get('/v1/returns/submissions/not-a-uuid').set('authorization', `Bearer ${wm}`).expect(400);
  });

  it('lists submissions newest first, paginated with a cursor, no overlap, no gap', async () => {
    const F2 = 'E23000028'; // Essex Police
    const essex = await t.token('auditor', F2);
    const ids: string[] = [];
    for (const period of ['2024-25', '2024-25-Q1', '2024-25-Q2', '2024-06', '2023-24']) {
      const r = await t.http
        .post('/v1/returns/submissions')
        .set('authorization', `Bearer ${essex}`)
        .send({ force: F2, period })
        .expect(201);
      ids.push(r.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: Record<string, string> = { limit: '2', ...(cursor ? { cursor } : {}) };
      const page = await t.http.get('/v1/returns/submissions').query(q).set('authorization', `Bearer ${essex}`).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      for (const s of page.body.items) {
        expect(s.force).toBe(F2);
        expect(s.return).toBeUndefined();
      }
      seen.push(...page.body.items.map((s: { id: string }) => s.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBe(3);
    // a national token sees every force's submissions, and can filter by force
    const all = await t.http.get('/v1/returns/submissions').query({ limit: '500' }).set('authorization', `Bearer ${national}`).expect(200);
    expect(all.body.items.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([...ids, submission.id]));
    const wmOnly = await t.http.get('/v1/returns/submissions').query({ force: F }).set('authorization', `Bearer ${national}`).expect(200);
    expect(wmOnly.body.items.every((s: { force: string }) => s.force === F)).toBe(true);
    await t.http.get('/v1/returns/submissions').query({ cursor: 'garbage' }).set('authorization', `Bearer ${essex}`).expect(400);
    await t.http.get('/v1/returns/submissions').query({ limit: '0' }).set('authorization', `Bearer ${essex}`).expect(400);
  });
});

describe('revisions: rows, a record that moves quarter, and only the events of each record (SPEC §7)', () => {
  const F = 'E23000026'; // Bedfordshire
  const ESSEX = 'E23000028';
  let token: string;
  let revisions: {
    codes: { code: string; submitted: number; now: number; difference: number }[];
    rows: {
      forceCode: string;
      financialYear: string;
      financialQuarter: number;
      offenceCode: string;
      submitted: number;
      now: number;
      difference: number;
    }[];
    movedRecords: {
      force: string;
      referralRef: string;
      from: string | null;
      to: string | null;
      fromQuarter: string | null;
      toQuarter: string | null;
      events: { eventId: string; type: string; occurredAt: string }[];
    }[];
  };

  beforeAll(async () => {
    token = await t.token('auditor', F);
    await ingest(
      referral(F, 'BD-q', { occurredAt: '2024-09-30', receivedAt: '2024-09-30T10:00:00Z' }), // Q2
      referral(F, 'BD-x'), // Q1
    );
    const submitted = await t.http
      .post('/v1/returns/submissions')
      .set('authorization', `Bearer ${token}`)
      .send({ force: F, period: '2024-25' })
      .expect(201);
    await ingest(
      // an earlier receipt of the same referral: the record now counts in Q1
      referral(F, 'BD-q', { eventId: 'BD-q/referral-2', occurredAt: '2024-09-30', receivedAt: '2024-06-15T10:00:00Z' }),
      rg(F, 'BD-x', 'POSITIVE'),
      // another force's own record under the same reference: not an event of Bedfordshire's record
      referral(ESSEX, 'BD-x', { eventId: 'essex/BD-x/referral' }),
    );
    revisions = (
      await t.http.get(`/v1/returns/submissions/${submitted.body.id}/revisions`).set('authorization', `Bearer ${token}`).expect(200)
    ).body;
  });

  it('names the rows whose count changed, quarter by quarter', () => {
    expect(revisions.rows).toEqual([
      { forceCode: F, financialYear: '2024/25', financialQuarter: 1, offenceCode: '106', submitted: 0, now: 1, difference: 1 },
      { forceCode: F, financialYear: '2024/25', financialQuarter: 2, offenceCode: 'N200/01', submitted: 1, now: 0, difference: -1 },
    ]);
    expect(revisions.codes.filter((c) => c.difference !== 0)).toEqual([
      { code: 'N200/01', submitted: 2, now: 1, difference: -1 },
      { code: '106', submitted: 0, now: 1, difference: 1 },
    ]);
  });

  it('lists a record that moved quarter with the same code, and only the events of each record', () => {
    expect(revisions.movedRecords.map((m) => ({ ...m, events: m.events.map((e) => `${e.type} ${e.eventId} ${e.occurredAt}`) }))).toEqual([
      {
        force: F,
        referralRef: 'BD-q',
        from: 'N200/01',
        to: 'N200/01',
        fromQuarter: '2024/25 Q2',
        toQuarter: '2024/25 Q1',
        events: ['REFERRAL_RECEIVED BD-q/referral-2 2024-09-30'],
      },
      {
        force: F,
        referralRef: 'BD-x',
        from: 'N200/01',
        to: '106',
        fromQuarter: '2024/25 Q1',
        toQuarter: '2024/25 Q1',
        events: ['RG_DECISION BD-x/rg-POSITIVE 2024-06-07'],
      },
    ]);
  });
});

describe('CSV (SPEC §7, RFC 4180)', () => {
  const F = 'E23000010';
  it('has the 8 Home Office columns in order, parses back to the JSON rows, names the file', async () => {
    const wy = await t.token('auditor', F);
    const json = await getReturn(wy, { force: F, period: '2024-25-Q1' }).expect(200);
    const { res, bytes } = await getBytes(wy, { force: F, period: '2024-25-Q1', format: 'csv', asAt: json.body.asAt });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/i);
    expect(res.headers['content-disposition']).toBe('attachment; filename="n200-return-E23000010-2024-25-Q1.csv"');
    const text = bytes.toString('utf8');
    expect(Buffer.from(text, 'utf8').equals(bytes)).toBe(true); // valid UTF-8
    expect(text).toContain('NRM referral — Duty to notify only'); // the em dash survives
    const records = parse(text, { record_delimiter: '\r\n' }) as string[][];
    expect(records[0]).toEqual(CSV_HEADER);
    expect(text.startsWith(`${CSV_HEADER.join(',')}\r\n`)).toBe(true);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(1 + 7);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const rows = records.slice(1);
    expect(rows).toEqual(
      json.body.rows.map((r: Record<string, string | number>) => [
        r.financialYear,
        String(r.financialQuarter),
        r.forceName,
        r.offenceDescription,
        r.offenceGroup,
        r.offenceSubgroup,
        r.offenceCode,
        String(r.numberOfOffences),
      ]),
    );
    expect(rows.map((r) => r[7])).toEqual(['3', '2', '1', '2', '1', '1', '4']);
  });

  it('is chosen by the Accept header too, and names a financial-year file', async () => {
    const wy = await t.token('auditor', F);
    const { res, bytes } = await getBytes(wy, { force: F, period: '2024-25' }, 'text/csv');
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="n200-return-E23000010-FY2024-25.csv"');
    const records = parse(bytes.toString('utf8')) as string[][];
    expect(records).toHaveLength(1 + 28);
    expect(records.slice(1).map((r) => r[1])).toEqual([1, 2, 3, 4].flatMap((q) => Array(7).fill(String(q))));
    // the moment counted travels with the CSV, and asking again as at it gives the same bytes
    const asAt = res.headers['x-as-at'] as string;
    expect(new Date(asAt).toISOString()).toBe(asAt);
    expect(res.headers.vary).toMatch(/accept/i);
    expect((await getBytes(wy, { force: F, period: '2024-25', asAt }, 'text/csv')).bytes.equals(bytes)).toBe(true);
  });

  it('weighs the Accept types by q: the preferred format wins, q=0 refuses one', async () => {
    const wy = await t.token('auditor', F);
    const type = async (accept: string) =>
      (await getBytes(wy, { force: F, period: '2024-25' }, accept)).res.headers['content-type'] as string;
    await expect(type('text/csv;q=0.1, application/json')).resolves.toMatch(/^application\/json/);
    await expect(type('application/json;q=0.5, text/csv')).resolves.toMatch(/^text\/csv/);
    await expect(type('text/csv;q=0')).resolves.toMatch(/^application\/json/);
    await expect(type('*/*')).resolves.toMatch(/^application\/json/);
  });

  it('quotes a field that needs it (RFC 4180) and parses back: the national return', async () => {
    const { bytes } = await getBytes(national, { force: 'ALL', period: '2024-25-Q1', format: 'csv' });
    const text = bytes.toString('utf8');
    const records = parse(text) as string[][];
    expect(records[0]).toEqual(CSV_HEADER);
    expect(records).toHaveLength(1 + FORCES.length * 7);
    expect(new Set(records.slice(1).map((r) => r[2]))).toEqual(new Set(FORCES.map((f) => f.name)));
    for (const r of records) expect(r).toHaveLength(8);
    // any field holding a comma or a quote is quoted on the wire
    for (const name of FORCES.map((f) => f.name).filter((n) => /[",]/.test(n))) expect(text).toContain(`"${name.replace(/"/g, '""')}"`);
  });
});

describe('XLSX (SPEC §7)', () => {
  const F = 'E23000010';
  it('one sheet for the financial year, the header, numbers stored as numbers', async () => {
    const wy = await t.token('auditor', F);
    const json = await getReturn(wy, { force: F, period: '2024-25' }).expect(200);
    const { res, bytes } = await getBytes(wy, { force: F, period: '2024-25', format: 'xlsx', asAt: json.body.asAt });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toBe('attachment; filename="n200-return-E23000010-FY2024-25.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['2024-25']);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(CSV_HEADER);
    expect(ws.rowCount).toBe(1 + 28);
    for (let i = 0; i < 28; i++) {
      const row = ws.getRow(i + 2);
      const r = json.body.rows[i];
      expect((row.values as unknown[]).slice(1)).toEqual([
        r.financialYear,
        r.financialQuarter,
        r.forceName,
        r.offenceDescription,
        r.offenceGroup,
        r.offenceSubgroup,
        r.offenceCode,
        r.numberOfOffences,
      ]);
      expect(row.getCell(2).type).toBe(ExcelJS.ValueType.Number);
      expect(row.getCell(8).type).toBe(ExcelJS.ValueType.Number);
      expect(typeof row.getCell(8).value).toBe('number');
    }
    const q1 = [2, 3, 4, 5, 6, 7, 8].map((r) => ws.getRow(r).getCell(8).value);
    expect(q1).toEqual([3, 2, 1, 2, 1, 1, 4]);
  });

  it('is chosen by the Accept header; the national return is one sheet too', async () => {
    const { res, bytes } = await getBytes(national, { force: 'ALL', period: '2024-25-Q1' }, XLSX_TYPE);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['2024-25']);
    expect(wb.worksheets[0].rowCount).toBe(1 + FORCES.length * 7);
  });
});

/**
 * An ingest stamps its rows with a service time taken inside its transaction, before it commits. Without
 * the as-at fence (src/database/system-time.ts) a return read while a batch was in flight could answer as
 * at a time after that stamp without seeing the rows, and differ when asked again as at the same time.
 * On PGlite there is one session, so this also holds trivially; on PostgreSQL it exercises the fence.
 */
describe('as at, while an ingest is in flight', () => {
  it('a return read during an ingest is the same when asked again as at its asAt', async () => {
    const F = 'E23000030'; // Hampshire Constabulary
    const auditor = await t.token('auditor', F);
    const events = Array.from({ length: 1000 }, (_, i) => referral(F, `RACE-${i}`));
    let done = false;
    const batch = t.http
      .post('/v1/events/batch')
      .set('authorization', `Bearer ${recorder}`)
      .send({ events })
      .then((r) => {
        done = true;
        return r;
      });
    const seen: { asAt: string; n: number }[] = [];
    while (!done) {
      const r = await getReturn(auditor, { force: F, period: '2024-25' }).expect(200);
      seen.push({ asAt: r.body.asAt, n: r.body.byCode['N200/01'] });
    }
    expect((await batch).status).toBe(200);
    const again: { asAt: string; n: number }[] = [];
    for (const s of seen) {
      const r = await getReturn(auditor, { force: F, period: '2024-25', asAt: s.asAt }).expect(200);
      again.push({ asAt: s.asAt, n: r.body.byCode['N200/01'] });
    }
    expect(again).toEqual(seen);
  });
});
