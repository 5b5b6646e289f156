import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { findingView, listFindings, type FindingView } from '../../src/compliance/compliance-sql';
import { addDays } from '../../src/hocr/iso';
import { londonDate, londonMidnight, rgDueDate } from '../../src/hocr/time';
import { createNationalTestApp, type TestApp } from '../helpers/test-app';
import { cg, referral, rg, type RawEvent as Ev } from '../helpers/wire-events';

/**
 * Compliance checks, findings, summary and worklist through HTTP on the real database (issue 5; SPEC
 * §5, §6). Every check MS-01…MS-15 raised by events and read back from /v1/compliance/findings, with
 * resolution when the curing event arrives, as-at reproducibility over a scripted ingest, a world-time
 * (not yet due / due) case, a force that does everything on time (zero findings), the summary figures
 * on a small known dataset, the worklist order and cursors, CSV/XLSX read back, force scope and roles.
 * Each group uses its own force so the groups do not disturb each other.
 */

const WY = 'E23000010'; // West Yorkshire: one record per check
const ESSEX = 'E23000028'; // everything on time
const TV = 'E23000029'; // summary dataset
const SUSSEX = 'E23000033'; // worklist
const MERSEY = 'E23000004'; // as-at script
const GM = 'E23000005'; // world time (not yet due)
const MET = 'E23000001';

type Finding = {
  id: string;
  check: string;
  severity: string;
  force: string;
  referralRef: string;
  status: string;
  dueAt: string;
  resolvedAt: string | null;
  evidence: string[];
  message: string;
};

const iso = (s: string) => new Date(s).toISOString();

/** A DtN submitted by the police, received from the competent authority (police route, SPEC §2 and decision 20: must be a crime; no RG, no MS-03/MS-07). */
const policeDtn = (force: string, ref: string, over: Ev = {}) =>
  referral(force, ref, {
    referralType: 'DTN',
    source: 'COMPETENT_AUTHORITY',
    firstResponder: { type: 'POLICE', organisation: 'West Yorkshire Police' },
    victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: false },
    ...over,
  });
const crime = (force: string, ref: string, occurredAt: string, over: Ev = {}): Ev => ({
  eventId: `${ref}/crime`,
  type: 'CRIME_RECORDED',
  force,
  referralRef: ref,
  occurredAt,
  receivedAt: new Date(Date.parse(occurredAt) + 30 * 60_000).toISOString(),
  crimeReference: `CRN-${ref}`,
  offence: 'FORCED_LABOUR',
  ...over,
});
const location = (force: string, ref: string, criminalityLocation: string, receivedAt: string): Ev => ({
  eventId: `${ref}/location`,
  type: 'CRIMINALITY_LOCATION_DETERMINED',
  force,
  referralRef: ref,
  occurredAt: receivedAt.slice(0, 10),
  receivedAt,
  criminalityLocation,
});
const cancel = (force: string, ref: string, receivedAt: string): Ev => ({
  eventId: `${ref}/cancel`,
  type: 'RECORD_CANCELLED',
  force,
  referralRef: ref,
  occurredAt: receivedAt.slice(0, 10),
  receivedAt,
  reason: 'DUPLICATE',
  authorisedBy: 'FCR',
});

jest.setTimeout(60_000);

let t: TestApp;
let recorder: string;
let national: string;

beforeAll(async () => {
  ({ t, recorder, auditor: national } = await createNationalTestApp());
});
afterAll(async () => {
  await t?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ingest(...events: Ev[]): Promise<void> {
  const res = await t.http.post('/v1/events/batch').set('authorization', `Bearer ${recorder}`).send({ events });
  expect(res.status).toBe(200);
  expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(events.map(() => 'APPLIED'));
}

function get(path: string, query: Record<string, string | number>, token = national) {
  return t.http.get(path).query(query).set('authorization', `Bearer ${token}`);
}

/** Every finding matching the query, following the cursors. */
async function allFindings(query: Record<string, string | number>, token = national): Promise<Finding[]> {
  const out: Finding[] = [];
  let cursor: string | null = null;
  do {
    const res = await get('/v1/compliance/findings', { limit: 500, ...query, ...(cursor ? { cursor } : {}) }, token);
    expect(res.status).toBe(200);
    out.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

async function findingsOf(force: string, ref: string, status: 'open' | 'resolved' | 'all' = 'all', asAt?: string): Promise<Finding[]> {
  return (await allFindings({ force, status, ...(asAt ? { asAt } : {}) })).filter((f) => f.referralRef === ref);
}

/**
 * Findings as the findings query answers them with its clock at `at` (a time after now: a scripted clock for
 * world-time checks), the query the API runs for an asAt.
 */
async function findingsAtClock(force: string, at: string, status: 'open' | 'resolved' = 'open'): Promise<FindingView[]> {
  const asAt = new Date(at);
  const rows = await listFindings(t.dataSource, { forces: [force], status, asAt, limit: 500 });
  return rows.map((r) => findingView(r, asAt));
}

async function onlyFinding(force: string, ref: string, check: string): Promise<Finding> {
  const fs = (await findingsOf(force, ref)).filter((f) => f.check === check);
  expect(fs).toHaveLength(1);
  return fs[0];
}

describe('every check through the API (West Yorkshire), with its severity, dueAt and evidence', () => {
  it('MS-01: two disagreeing REFERRAL_RECEIVED events, due at the later receipt', async () => {
    const ref = 'WY-MS01';
    const second = referral(WY, ref, { eventId: `${ref}/referral-2`, receivedAt: '2024-06-04T09:00:00Z', exploitationTypes: ['SEXUAL'] });
    await ingest(referral(WY, ref), rg(WY, ref, 'NEGATIVE'), second);
    const f = await onlyFinding(WY, ref, 'MS-01');
    expect(f).toMatchObject({
      check: 'MS-01',
      severity: 'error',
      force: WY,
      status: 'open',
      dueAt: iso('2024-06-04T09:00:00Z'),
      resolvedAt: null,
      evidence: [`${ref}/referral`, `${ref}/referral-2`],
    });
    expect(f.message).toContain('exploitationTypes');
    // and the record has no other finding
    expect((await findingsOf(WY, ref)).map((x) => x.check)).toEqual(['MS-01']);
  });

  it('MS-02: recorded more than 24 hours after receipt, an interval already resolved at recordedAt', async () => {
    const ref = 'WY-MS02';
    await ingest(referral(WY, ref, { recordedAt: '2024-06-05T10:00:00Z' }), rg(WY, ref, 'NEGATIVE'));
    const f = await onlyFinding(WY, ref, 'MS-02');
    expect(f).toMatchObject({
      severity: 'error',
      status: 'resolved',
      dueAt: iso('2024-06-04T10:00:00Z'),
      resolvedAt: iso('2024-06-05T10:00:00Z'),
      evidence: [`${ref}/referral`],
    });
    // exactly 24 hours is on time
    const onTime = 'WY-MS02-ONTIME';
    await ingest(referral(WY, onTime, { recordedAt: '2024-06-04T10:00:00Z' }), rg(WY, onTime, 'NEGATIVE'));
    expect(await findingsOf(WY, onTime)).toEqual([]);
  });

  it('MS-03: no RG 5 working days after the referral date (over the Spring bank holiday), resolved when the RG arrives', async () => {
    const ref = 'WY-MS03';
    // Fri 24 May 2024 is day 0; Mon 27 May is a bank holiday: due Mon 3 June, open from 00:00 London on 4 June.
    await ingest(referral(WY, ref, { occurredAt: '2024-05-24', receivedAt: '2024-05-24T10:00:00Z', recordedAt: '2024-05-24T10:05:00Z' }));
    const open = await onlyFinding(WY, ref, 'MS-03');
    expect(open).toMatchObject({
      severity: 'warning',
      status: 'open',
      dueAt: iso('2024-06-03T23:00:00Z'),
      resolvedAt: null,
      evidence: [`${ref}/referral`],
    });
    expect(open.message).toContain('2024-06-03');
    await ingest(rg(WY, ref, 'NEGATIVE', { occurredAt: '2024-06-05', receivedAt: '2024-06-05T15:00:00Z' }));
    const closed = await onlyFinding(WY, ref, 'MS-03');
    expect(closed).toMatchObject({
      status: 'resolved',
      dueAt: iso('2024-06-03T23:00:00Z'),
      resolvedAt: iso('2024-06-05T15:00:00Z'),
      evidence: [`${ref}/referral`, `${ref}/RG_DECISION-NEGATIVE`],
    });
    expect(await findingsOf(WY, ref, 'open')).toEqual([]);
    // an RG received on the due date itself is on time
    const onTime = 'WY-MS03-ONTIME';
    await ingest(
      referral(WY, onTime, { occurredAt: '2024-05-24', receivedAt: '2024-05-24T10:00:00Z', recordedAt: '2024-05-24T10:05:00Z' }),
      rg(WY, onTime, 'NEGATIVE', { occurredAt: '2024-06-03', receivedAt: '2024-06-03T22:59:00Z' }),
    );
    expect(await findingsOf(WY, onTime)).toEqual([]);
  });

  it('MS-04: no crime within 24 hours of a positive RG, resolved at the crime recorded time', async () => {
    const ref = 'WY-MS04';
    await ingest(referral(WY, ref), rg(WY, ref, 'POSITIVE'));
    const open = await onlyFinding(WY, ref, 'MS-04');
    expect(open).toMatchObject({
      severity: 'error',
      status: 'open',
      dueAt: iso('2024-06-08T12:00:00Z'),
      resolvedAt: null,
      evidence: [`${ref}/RG_DECISION-POSITIVE`],
    });
    await ingest(crime(WY, ref, '2024-06-09T08:00:00Z'));
    const closed = await onlyFinding(WY, ref, 'MS-04');
    expect(closed).toMatchObject({
      status: 'resolved',
      dueAt: iso('2024-06-08T12:00:00Z'),
      resolvedAt: iso('2024-06-09T08:00:00Z'),
      evidence: [`${ref}/RG_DECISION-POSITIVE`, `${ref}/crime`],
    });
  });

  it('MS-04: a breach whose obligation a later RG removed is kept, withdrawn at that receipt (decision 27)', async () => {
    const ref = 'WY-MS04W';
    await ingest(referral(WY, ref), rg(WY, ref, 'POSITIVE'));
    await sleep(5);
    const between = new Date().toISOString();
    await sleep(5);
    await ingest(rg(WY, ref, 'NEGATIVE', { occurredAt: '2024-06-19', receivedAt: '2024-06-20T09:00:00Z', reconsideration: true }));
    const [withdrawn] = await findingsOf(WY, ref);
    expect(withdrawn).toMatchObject({
      check: 'MS-04',
      status: 'resolved',
      dueAt: iso('2024-06-08T12:00:00Z'),
      resolvedAt: iso('2024-06-20T09:00:00Z'),
      evidence: [`${ref}/RG_DECISION-POSITIVE`, `${ref}/RG_DECISION-NEGATIVE`],
      message: expect.stringContaining('withdrawn at 2024-06-20T09:00:00.000Z'),
    });
    expect(await findingsOf(WY, ref)).toHaveLength(1);
    // as the service answered before the negative arrived: open
    expect(await findingsOf(WY, ref, 'all', between)).toEqual([
      expect.objectContaining({ check: 'MS-04', status: 'open', resolvedAt: null, evidence: [`${ref}/RG_DECISION-POSITIVE`] }),
    ]);
  });

  it('MS-05: a police DtN with no crime within 24 hours; CRIME_RECORDED resolves it at the crime recorded time', async () => {
    const ref = 'WY-MS05';
    await ingest(policeDtn(WY, ref));
    const open = await onlyFinding(WY, ref, 'MS-05');
    expect(open).toMatchObject({
      severity: 'error',
      status: 'open',
      dueAt: iso('2024-06-04T10:00:00Z'),
      resolvedAt: null,
      evidence: [`${ref}/referral`],
    });
    expect(open.message).toContain('police Duty to Notify referral');
    await ingest(crime(WY, ref, '2024-06-05T14:30:00Z'));
    const closed = await onlyFinding(WY, ref, 'MS-05');
    expect(closed).toMatchObject({
      status: 'resolved',
      dueAt: iso('2024-06-04T10:00:00Z'),
      resolvedAt: iso('2024-06-05T14:30:00Z'),
      evidence: [`${ref}/referral`, `${ref}/crime`],
    });
    expect(await findingsOf(WY, ref, 'open')).toEqual([]);
    expect((await findingsOf(WY, ref, 'resolved')).map((f) => f.check)).toEqual(['MS-05']);
  });

  it('MS-06: a DtN referral for a child, due at its receipt', async () => {
    const ref = 'WY-MS06';
    await ingest(
      referral(WY, ref, {
        referralType: 'DTN',
        firstResponder: { type: 'GOVERNMENT_AGENCY', organisation: 'Border Force' },
        victim: { ageGroup: 'CHILD', ageDisputed: false },
      }),
    );
    expect(await findingsOf(WY, ref)).toEqual([
      expect.objectContaining({
        check: 'MS-06',
        severity: 'error',
        status: 'open',
        dueAt: iso('2024-06-03T10:00:00Z'),
        resolvedAt: null,
        evidence: [`${ref}/referral`],
      }),
    ]);
  });

  it('MS-07: an NRM referral of an adult with no recorded consent', async () => {
    const ref = 'WY-MS07';
    await ingest(referral(WY, ref, { victim: { ageGroup: 'ADULT', ageDisputed: false } }), rg(WY, ref, 'NEGATIVE'));
    const f = await onlyFinding(WY, ref, 'MS-07');
    expect(f).toMatchObject({ severity: 'warning', status: 'open', dueAt: iso('2024-06-03T10:00:00Z'), evidence: [`${ref}/referral`] });
    expect(f.message).toContain('no recorded consent');
  });

  it('MS-08: a CG before the 30-day recovery period ended (RG after 13 Dec 2022)', async () => {
    const ref = 'WY-MS08';
    await ingest(
      referral(WY, ref),
      rg(WY, ref, 'POSITIVE', { occurredAt: '2024-06-05', receivedAt: '2024-06-05T12:00:00Z' }),
      crime(WY, ref, '2024-06-05T15:00:00Z'),
      cg(WY, ref, 'POSITIVE', { occurredAt: '2024-06-20', receivedAt: '2024-06-20T12:00:00Z' }),
    );
    expect(await findingsOf(WY, ref)).toEqual([
      expect.objectContaining({
        check: 'MS-08',
        severity: 'warning',
        status: 'open',
        dueAt: iso('2024-06-20T12:00:00Z'),
        evidence: [`${ref}/CG_DECISION-POSITIVE`, `${ref}/RG_DECISION-POSITIVE`],
      }),
    ]);
  });

  it('MS-09: a decision with no referral within 24 hours; resolved when the referral arrives', async () => {
    const ref = 'WY-MS09';
    await ingest(rg(WY, ref, 'NEGATIVE'));
    const open = await onlyFinding(WY, ref, 'MS-09');
    expect(open).toMatchObject({
      severity: 'error',
      status: 'open',
      dueAt: iso('2024-06-08T12:00:00Z'),
      resolvedAt: null,
      evidence: [`${ref}/RG_DECISION-NEGATIVE`],
    });
    await ingest(referral(WY, ref, { receivedAt: '2024-06-10T09:00:00Z', recordedAt: '2024-06-10T09:05:00Z' }));
    expect(await findingsOf(WY, ref)).toEqual([
      expect.objectContaining({
        check: 'MS-09',
        status: 'resolved',
        dueAt: iso('2024-06-08T12:00:00Z'),
        resolvedAt: iso('2024-06-10T09:00:00Z'),
        evidence: [`${ref}/RG_DECISION-NEGATIVE`, `${ref}/referral`],
      }),
    ]);
  });

  it('MS-10: location still UNKNOWN 30 days after the referral; resolved when the location is determined', async () => {
    const ref = 'WY-MS10';
    await ingest(referral(WY, ref, { exploitationLocation: 'UNKNOWN' }), rg(WY, ref, 'NEGATIVE'));
    const open = await onlyFinding(WY, ref, 'MS-10');
    // due at 00:00 London on 3 July 2024 (referral date + 30 days)
    expect(open).toMatchObject({
      severity: 'warning',
      status: 'open',
      dueAt: iso('2024-07-02T23:00:00Z'),
      resolvedAt: null,
      evidence: [`${ref}/referral`],
    });
    await ingest(location(WY, ref, 'ENGLAND_AND_WALES', '2024-07-10T09:00:00Z'));
    expect(await findingsOf(WY, ref)).toEqual([
      expect.objectContaining({
        check: 'MS-10',
        status: 'resolved',
        dueAt: iso('2024-07-02T23:00:00Z'),
        resolvedAt: iso('2024-07-10T09:00:00Z'),
        evidence: [`${ref}/referral`, `${ref}/location`],
      }),
    ]);
  });

  it('MS-11: an RG decision against a DtN referral', async () => {
    const ref = 'WY-MS11';
    await ingest(
      referral(WY, ref, {
        referralType: 'DTN',
        firstResponder: { type: 'GOVERNMENT_AGENCY', organisation: 'Border Force' },
        victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: false },
      }),
      rg(WY, ref, 'NEGATIVE'),
    );
    expect(await findingsOf(WY, ref)).toEqual([
      expect.objectContaining({
        check: 'MS-11',
        severity: 'warning',
        status: 'open',
        dueAt: iso('2024-06-07T12:00:00Z'),
        evidence: [`${ref}/RG_DECISION-NEGATIVE`, `${ref}/referral`],
      }),
    ]);
  });

  it('MS-12: a decision maker not valid on the decision date (UKVI after 28 April 2019)', async () => {
    const ref = 'WY-MS12';
    await ingest(referral(WY, ref), rg(WY, ref, 'NEGATIVE', { decisionMaker: 'UKVI' }));
    expect(await findingsOf(WY, ref)).toEqual([
      expect.objectContaining({
        check: 'MS-12',
        severity: 'warning',
        status: 'open',
        dueAt: iso('2024-06-07T12:00:00Z'),
        evidence: [`${ref}/RG_DECISION-NEGATIVE`],
      }),
    ]);
  });

  it('MS-12: a pilot decision carried by a transfer is judged for the force that held the referral, not the receiver', async () => {
    const ref = 'WY-MS12T';
    await ingest(
      referral(WY, ref, { occurredAt: '2018-04-20', receivedAt: '2018-04-20T10:00:00Z', recordedAt: '2018-04-20T10:05:00Z' }),
      rg(WY, ref, 'POSITIVE', { decisionMaker: 'SSL', occurredAt: '2018-05-01', receivedAt: '2018-05-01T12:00:00Z' }),
      {
        eventId: `${ref}/transfer`,
        type: 'TRANSFERRED',
        force: WY,
        referralRef: ref,
        occurredAt: '2018-05-01',
        receivedAt: '2018-05-01T13:00:00Z',
        toForce: MET,
      },
    );
    // West Yorkshire was an SSL pilot force until 28 April 2019; the Met was not
    for (const force of [WY, MET]) expect((await findingsOf(force, ref)).filter((f) => f.check === 'MS-12')).toEqual([]);
  });

  it('MS-13: a referral by the CPS, not a designated first responder', async () => {
    const ref = 'WY-MS13';
    await ingest(
      referral(WY, ref, { firstResponder: { type: 'GOVERNMENT_AGENCY', organisation: 'Crown Prosecution Service' } }),
      rg(WY, ref, 'NEGATIVE'),
    );
    expect(await findingsOf(WY, ref)).toEqual([
      expect.objectContaining({
        check: 'MS-13',
        severity: 'warning',
        status: 'open',
        dueAt: iso('2024-06-03T10:00:00Z'),
        evidence: [`${ref}/referral`],
      }),
    ]);
  });

  it('MS-14: a decision dated before its referral (accepted and flagged, SPEC §4)', async () => {
    const ref = 'WY-MS14';
    await ingest(referral(WY, ref), rg(WY, ref, 'NEGATIVE', { occurredAt: '2024-05-30' }));
    expect(await findingsOf(WY, ref)).toEqual([
      expect.objectContaining({
        check: 'MS-14',
        severity: 'warning',
        status: 'open',
        dueAt: iso('2024-06-07T12:00:00Z'),
        resolvedAt: null,
        evidence: [`${ref}/RG_DECISION-NEGATIVE`, `${ref}/referral`],
        message: expect.stringContaining('dated 2024-05-30, before the referral date 2024-06-03'),
      }),
    ]);
  });

  it('MS-15: an event dated in the future (accepted and flagged, SPEC §4): the year of a decision mistyped', async () => {
    const ref = 'WY-MS15';
    const future = `${new Date().getUTCFullYear() + 2}-06-05`;
    await ingest(referral(WY, ref), rg(WY, ref, 'NEGATIVE', { occurredAt: future }));
    expect(await findingsOf(WY, ref)).toEqual([
      expect.objectContaining({
        check: 'MS-15',
        severity: 'warning',
        status: 'open',
        resolvedAt: null,
        evidence: [`${ref}/RG_DECISION-NEGATIVE`],
        message: expect.stringContaining(`(occurredAt ${future}), stored by the service on `),
      }),
    ]);
  });

  it('filters by check and severity; a cancellation resolves an immediate finding', async () => {
    const errors = await allFindings({ force: WY, severity: 'error', status: 'all' });
    expect(new Set(errors.map((f) => f.check))).toEqual(new Set(['MS-01', 'MS-02', 'MS-04', 'MS-05', 'MS-06', 'MS-09']));
    const ms12 = await allFindings({ force: WY, check: 'MS-12', status: 'all' });
    expect(ms12.map((f) => f.referralRef)).toEqual(['WY-MS12']);

    await ingest(cancel(WY, 'WY-MS13', '2024-07-01T09:00:00Z'));
    expect(await findingsOf(WY, 'WY-MS13')).toEqual([
      expect.objectContaining({ check: 'MS-13', status: 'resolved', resolvedAt: iso('2024-07-01T09:00:00Z') }),
    ]);
  });
});

describe('a force that records everything on time (Essex)', () => {
  it('has zero findings, open or resolved, and a compliant share of 1', async () => {
    const org = { type: 'LOCAL_AUTHORITY', organisation: 'Essex County Council' };
    const police = { type: 'POLICE', organisation: 'Essex Police' };
    await ingest(
      // NRM from the SCA: positive RG within 5 working days, crime within 3 hours of its receipt, CG after the recovery period
      referral(ESSEX, 'ES-1', { firstResponder: org }),
      rg(ESSEX, 'ES-1', 'POSITIVE', { occurredAt: '2024-06-06', receivedAt: '2024-06-06T09:00:00Z' }),
      crime(ESSEX, 'ES-1', '2024-06-06T11:30:00Z'),
      cg(ESSEX, 'ES-1', 'POSITIVE', { occurredAt: '2024-07-15', receivedAt: '2024-07-15T09:00:00Z' }),
      // police referral (NRM, made by this force): crime within 2 hours, RG in time
      referral(ESSEX, 'ES-2', { source: 'POLICE_REFERRAL', firstResponder: police, victim: { ageGroup: 'CHILD', ageDisputed: false } }),
      crime(ESSEX, 'ES-2', '2024-06-03T12:00:00Z'),
      rg(ESSEX, 'ES-2', 'POSITIVE', { occurredAt: '2024-06-05', receivedAt: '2024-06-05T10:00:00Z' }),
      // negative RG on the due date; location unknown on referral but determined within 30 days
      referral(ESSEX, 'ES-3', { firstResponder: { type: 'NGO', organisation: 'The Salvation Army' }, exploitationLocation: 'UNKNOWN' }),
      rg(ESSEX, 'ES-3', 'NEGATIVE', { occurredAt: '2024-06-10', receivedAt: '2024-06-10T16:00:00Z' }),
      location(ESSEX, 'ES-3', 'ENGLAND_AND_WALES', '2024-06-20T09:00:00Z'),
      // DtN not by police, adult who does not consent
      referral(ESSEX, 'ES-4', {
        referralType: 'DTN',
        firstResponder: { type: 'GOVERNMENT_AGENCY', organisation: 'Immigration Enforcement' },
        victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: false },
      }),
      // police DtN: crime within an hour
      policeDtn(ESSEX, 'ES-5', { firstResponder: police }),
      crime(ESSEX, 'ES-5', '2024-06-03T10:45:00Z'),
      // outside England and Wales, positive RG: no crime owed
      referral(ESSEX, 'ES-6', { firstResponder: { type: 'NGO', organisation: 'Migrant Help' }, exploitationLocation: 'OVERSEAS' }),
      rg(ESSEX, 'ES-6', 'POSITIVE', { occurredAt: '2024-06-04', receivedAt: '2024-06-04T10:00:00Z' }),
    );
    expect(await allFindings({ force: ESSEX, status: 'all' })).toEqual([]);
    const summary = await get('/v1/compliance/summary', { force: ESSEX, period: '2024-25' });
    expect(summary.status).toBe(200);
    expect(summary.body.records).toBe(6);
    expect(summary.body.compliantShare).toBe(1);
    expect(
      summary.body.checks.every(
        (c: { open: number; resolved: number; compliantShare: number }) => c.open === 0 && c.resolved === 0 && c.compliantShare === 1,
      ),
    ).toBe(true);
    expect(summary.body.referralToCrimeLinkRate).toEqual({ mustBeCrimes: 3, recorded: 3, rate: 1 });
    const worklist = await get('/v1/compliance/worklist', { force: ESSEX });
    expect(worklist.body.items).toEqual([]);
  });
});

describe('summary figures on a small known dataset (Thames Valley, 2024-25)', () => {
  it('counts per check, compliant shares, RG-to-crime hours median and p90, link rate and records by code', async () => {
    const F = TV;
    const police = { type: 'POLICE', organisation: 'Thames Valley Police' };
    const rgAt = '2024-06-07T12:00:00Z';
    const positive = (ref: string) => [referral(F, ref), rg(F, ref, 'POSITIVE', { receivedAt: rgAt })];
    await ingest(
      ...positive('TV-1'),
      crime(F, 'TV-1', '2024-06-07T14:00:00Z'), // 2 h
      ...positive('TV-2'),
      crime(F, 'TV-2', '2024-06-08T06:00:00Z'), // 18 h
      ...positive('TV-3'),
      crime(F, 'TV-3', '2024-06-09T12:00:00Z'), // 48 h: MS-04 resolved
      ...positive('TV-4'),
      crime(F, 'TV-4', '2024-06-07T22:00:00Z'), // 10 h
      ...positive('TV-5'), // no crime: MS-04 open
      policeDtn(F, 'TV-6', { firstResponder: police }),
      crime(F, 'TV-6', '2024-06-03T12:00:00Z'), // police route, recorded: linked, no RG time
      policeDtn(F, 'TV-7', { firstResponder: police }), // no crime: MS-05 open
      referral(F, 'TV-8'), // no RG: MS-03 open
      referral(F, 'TV-9', {
        referralType: 'DTN',
        firstResponder: { type: 'GOVERNMENT_AGENCY', organisation: 'Border Force' },
        victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: false },
      }),
      // outside the period (received in 2023-24): not counted
      policeDtn(F, 'TV-10', {
        firstResponder: police,
        occurredAt: '2023-06-05',
        receivedAt: '2023-06-05T10:00:00Z',
        recordedAt: '2023-06-05T10:05:00Z',
      }),
      // cancelled: not counted
      policeDtn(F, 'TV-11', { firstResponder: police }),
      cancel(F, 'TV-11', '2024-06-10T09:00:00Z'),
    );
    const res = await get('/v1/compliance/summary', { force: F, period: '2024-25' });
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s).toMatchObject({ force: F, period: { label: '2024-25', from: '2024-04-01', to: '2025-03-31' }, records: 9 });
    const byCheck = Object.fromEntries(s.checks.map((c: { check: string }) => [c.check, c]));
    expect(s.checks.map((c: { check: string }) => c.check)).toEqual([
      'MS-01',
      'MS-02',
      'MS-03',
      'MS-04',
      'MS-05',
      'MS-06',
      'MS-07',
      'MS-08',
      'MS-09',
      'MS-10',
      'MS-11',
      'MS-12',
      'MS-13',
      'MS-14',
      'MS-15',
    ]);
    expect(byCheck['MS-04']).toEqual({ check: 'MS-04', open: 1, resolved: 1, compliantShare: 0.7778 });
    expect(byCheck['MS-05']).toEqual({ check: 'MS-05', open: 1, resolved: 0, compliantShare: 0.8889 });
    expect(byCheck['MS-03']).toEqual({ check: 'MS-03', open: 1, resolved: 0, compliantShare: 0.8889 });
    for (const id of ['MS-01', 'MS-02', 'MS-06', 'MS-07', 'MS-08', 'MS-09', 'MS-10', 'MS-11', 'MS-12', 'MS-13', 'MS-14', 'MS-15']) {
      expect(byCheck[id]).toEqual({ check: id, open: 0, resolved: 0, compliantShare: 1 });
    }
    // TV-1, 2, 4, 6, 9 have no finding at all
    expect(s.compliantShare).toBe(0.5556);
    // hours 2, 10, 18, 48: median 14, p90 = 18 + 0.7 × 30 = 39
    expect(s.rgToCrimeHours).toEqual({ median: 14, p90: 39, records: 4 });
    // must be crimes: TV-1..5 (positive RG) and TV-6, 7 (police DtN); recorded: TV-1..4, 6
    expect(s.referralToCrimeLinkRate).toEqual({ mustBeCrimes: 7, recorded: 5, rate: 0.7143 });
    expect(s.recordsByCode).toEqual({
      'N200/01': 1,
      'N200/02': 0,
      'N200/03': 1,
      'N200/04': 0,
      'N200/05': 0,
      'N200/06': 0,
      '106': 7,
    });
    // a quarter and a month narrow the records
    const q2 = await get('/v1/compliance/summary', { force: F, period: '2024-25-Q2' });
    expect(q2.status).toBe(200);
    expect(q2.body.records).toBe(0);
    const bad = await get('/v1/compliance/summary', { force: F, period: '2024-99' });
    expect(bad.status).toBe(400);
  });
});

describe('summary RG-to-crime hours: the crime recorded time and the RG of the checks (West Midlands, Bedfordshire)', () => {
  // records.crime_recorded_at must read a crime's recorded time as the checks do (decisions.md HOCR 29): a
  // date-only occurredAt counts from the end of that London day, never later than the event's receipt.
  // Expected 35 hours (2024-06-07T12:00Z → 2024-06-08T23:00Z), not 11.
  it('a crime dated 8 June (date only) after an RG received 7 June 12:00Z counts 35 hours, not 11', async () => {
    const F = 'E23000014';
    const ref = 'WM-1';
    await ingest(
      referral(F, ref, { firstResponder: { type: 'POLICE', organisation: 'West Midlands Police' }, source: 'COMPETENT_AUTHORITY' }),
      rg(F, ref, 'POSITIVE'),
      crime(F, ref, '2024-06-08', { receivedAt: '2024-06-09T09:00:00Z' }),
    );
    expect(await findingsOf(F, ref)).toEqual([
      expect.objectContaining({
        check: 'MS-04',
        status: 'resolved',
        dueAt: iso('2024-06-08T12:00:00Z'),
        resolvedAt: iso('2024-06-08T23:00:00Z'),
      }),
    ]);
    const s = await get('/v1/compliance/summary', { force: F, period: '2024-25' });
    expect(s.body.rgToCrimeHours).toEqual({ median: 35, p90: 35, records: 1 });
  });

  it('counts only records that owe their crime to the positive RG (rule RG_POSITIVE_EW), as MS-04 does', async () => {
    const F = 'E23000026'; // Bedfordshire
    const police = { source: 'POLICE_REFERRAL', firstResponder: { type: 'POLICE', organisation: 'Bedfordshire Police' } };
    await ingest(
      // owed from the RG: 5 hours
      referral(F, 'BD-1'),
      rg(F, 'BD-1', 'POSITIVE'),
      crime(F, 'BD-1', '2024-06-07T17:00:00Z'),
      // a police referral owes its crime from receipt: recorded at once, the later positive RG is no start
      referral(F, 'BD-2', police),
      crime(F, 'BD-2', '2024-06-03T11:00:00Z'),
      rg(F, 'BD-2', 'POSITIVE'),
      // outside England and Wales nothing is owed, though a crime was recorded
      referral(F, 'BD-3', { exploitationLocation: 'OVERSEAS' }),
      rg(F, 'BD-3', 'POSITIVE'),
      crime(F, 'BD-3', '2024-06-09T12:00:00Z'),
    );
    const s = await get('/v1/compliance/summary', { force: F, period: '2024-25' });
    expect(s.body.rgToCrimeHours).toEqual({ median: 5, p90: 5, records: 1 });
  });
});

describe('transfers and the 24-hour checks (Cleveland, Cheshire, Cumbria)', () => {
  const CLEVELAND = 'E23000013';
  const CHESHIRE = 'E23000006';
  const CUMBRIA = 'E23000002';
  const transfer = (from: string, ref: string, to: string, receivedAt: string, id = `${ref}/transfer-${to}`): Ev => ({
    eventId: id,
    type: 'TRANSFERRED',
    force: from,
    referralRef: ref,
    occurredAt: receivedAt.slice(0, 10),
    receivedAt,
    toForce: to,
  });

  it('a referral sent back is measured as if it had never left: the breach before it left stays, still open', async () => {
    const ref = 'CL-BACK';
    await ingest(
      referral(CLEVELAND, ref),
      rg(CLEVELAND, ref, 'POSITIVE'), // MS-04 due 2024-06-08T12:00Z
      transfer(CLEVELAND, ref, CHESHIRE, '2024-06-20T10:00:00Z'),
      transfer(CHESHIRE, ref, CLEVELAND, '2024-07-02T10:00:00Z'),
    );
    const ms04 = (await findingsOf(CLEVELAND, ref)).filter((f) => f.check === 'MS-04');
    expect(ms04).toEqual([expect.objectContaining({ dueAt: iso('2024-06-08T12:00:00Z'), status: 'open', resolvedAt: null })]);
  });

  it('a receiving force is measured from the transfer in, also when the breach is withdrawn later', async () => {
    const ref = 'CL-WD';
    await ingest(
      referral(CLEVELAND, ref),
      rg(CLEVELAND, ref, 'POSITIVE'),
      transfer(CLEVELAND, ref, CHESHIRE, '2024-06-20T10:00:00Z'),
      rg(CLEVELAND, ref, 'NEGATIVE', {
        eventId: `${ref}/rg-neg`,
        occurredAt: '2024-07-01',
        receivedAt: '2024-07-01T10:00:00Z',
        reconsideration: true,
      }),
    );
    expect((await findingsOf(CHESHIRE, ref)).filter((f) => f.check === 'MS-04')).toEqual([
      expect.objectContaining({ dueAt: iso('2024-06-21T10:00:00Z'), status: 'resolved', resolvedAt: iso('2024-07-01T10:00:00Z') }),
    ]);
  });

  it("the summary's RG-to-crime hours at a receiving force run from the transfer in, as MS-04 does", async () => {
    const ref = 'CL-SUM';
    await ingest(
      referral(CLEVELAND, ref),
      rg(CLEVELAND, ref, 'POSITIVE'),
      transfer(CLEVELAND, ref, CUMBRIA, '2024-06-20T10:00:00Z'),
      crime(CUMBRIA, ref, '2024-06-21T06:00:00Z'),
    );
    expect((await findingsOf(CUMBRIA, ref)).filter((f) => f.check === 'MS-04')).toEqual([]);
    const s = await get('/v1/compliance/summary', { force: CUMBRIA, period: '2024-25' });
    expect(s.body.rgToCrimeHours).toEqual({ median: 20, p90: 20, records: 1 });
  });

  it('a referral forwarded on the day it arrived: both senders N200/06, whatever order the dates put the transfers in', async () => {
    const ref = 'CL-FWD';
    await ingest(
      referral(CLEVELAND, ref),
      // Cleveland's system sends a date-time; Cheshire's a date alone, which reads as 00:00 London
      { ...transfer(CLEVELAND, ref, CHESHIRE, '2024-06-20T10:00:00Z'), occurredAt: '2024-06-20T11:00:00+01:00' },
      transfer(CHESHIRE, ref, CUMBRIA, '2024-06-20T14:00:00Z'),
    );
    const code = async (force: string) => (await get(`/v1/forces/${force}/records/${ref}`, {})).body.classification.code;
    expect([await code(CLEVELAND), await code(CHESHIRE), await code(CUMBRIA)]).toEqual(['N200/06', 'N200/06', 'N200/01']);
  });

  it("MS-02 at a receiving force reads the force's own recording, not the sender's", async () => {
    const late = 'CL-REC-LATE';
    const onTime = 'CL-REC-OK';
    await ingest(
      // Cleveland recorded it at once; Cheshire recorded it 51 hours after the transfer in
      referral(CLEVELAND, late),
      transfer(CLEVELAND, late, CHESHIRE, '2024-06-20T10:00:00Z'),
      referral(CHESHIRE, late, { eventId: `${late}/cheshire`, receivedAt: '2024-06-20T10:30:00Z', recordedAt: '2024-06-22T13:00:00Z' }),
      // Cumbria sent no referral of its own: its record is Cleveland's, as carried (stored today, not late)
      referral(CLEVELAND, onTime),
      transfer(CLEVELAND, onTime, CUMBRIA, '2024-06-20T10:00:00Z'),
    );
    expect((await findingsOf(CLEVELAND, late)).filter((f) => f.check === 'MS-02')).toEqual([]);
    expect((await findingsOf(CHESHIRE, late)).filter((f) => f.check === 'MS-02')).toEqual([
      expect.objectContaining({
        dueAt: iso('2024-06-21T10:00:00Z'),
        resolvedAt: iso('2024-06-22T13:00:00Z'),
        evidence: [`${late}/cheshire`],
      }),
    ]);
    const record = await get(`/v1/forces/${CHESHIRE}/records/${late}`, {});
    expect(record.body.facts.recordedAt).toBe(iso('2024-06-22T13:00:00Z'));
    expect((await findingsOf(CUMBRIA, onTime)).filter((f) => f.check === 'MS-02')).toEqual([]);
    expect((await get(`/v1/forces/${CUMBRIA}/records/${onTime}`, {})).body.facts.recordedAt).toBe(iso('2024-06-03T10:05:00Z'));
  });
});

describe('worklist (Sussex)', () => {
  it('soonest due first, not-yet-due items with overdue:false, keyset pages, resolved items gone', async () => {
    const F = SUSSEX;
    const police = { type: 'POLICE', organisation: 'Sussex Police' };
    const now = new Date();
    const today = londonDate(now.toISOString());
    const futureDue = londonMidnight(addDays(rgDueDate(today), 1)); // startOfDayAfter(due date)
    await ingest(
      policeDtn(F, 'SX-W1', { firstResponder: police }), // MS-05 due 2024-06-04T10:00Z
      referral(F, 'SX-W2', { occurredAt: '2024-05-24', receivedAt: '2024-05-24T10:00:00Z', recordedAt: '2024-05-24T10:05:00Z' }), // MS-03 due 2024-06-03T23:00Z
      referral(F, 'SX-W3', { exploitationLocation: 'UNKNOWN' }), // MS-10 due 2024-07-02T23:00Z
      rg(F, 'SX-W3', 'NEGATIVE'),
      referral(F, 'SX-W4', {
        occurredAt: today,
        receivedAt: new Date(now.getTime() - 60_000).toISOString(),
        recordedAt: now.toISOString(),
      }), // MS-03, not yet due
      rg(F, 'SX-W5', 'NEGATIVE'), // MS-09 due 2024-06-08T12:00Z
      policeDtn(F, 'SX-W6', { firstResponder: police }),
      crime(F, 'SX-W6', '2024-06-06T10:00:00Z'), // MS-05 resolved: not on the worklist
    );
    const expected = [
      { ref: 'SX-W2', check: 'MS-03', action: 'CHASE_RG', dueAt: iso('2024-06-03T23:00:00Z'), overdue: true },
      { ref: 'SX-W1', check: 'MS-05', action: 'RECORD_CRIME', dueAt: iso('2024-06-04T10:00:00Z'), overdue: true },
      { ref: 'SX-W5', check: 'MS-09', action: 'RECORD_REFERRAL', dueAt: iso('2024-06-08T12:00:00Z'), overdue: true },
      { ref: 'SX-W3', check: 'MS-10', action: 'DETERMINE_LOCATION', dueAt: iso('2024-07-02T23:00:00Z'), overdue: true },
      { ref: 'SX-W4', check: 'MS-03', action: 'CHASE_RG', dueAt: futureDue, overdue: false },
    ];
    const all = await get('/v1/compliance/worklist', { force: F });
    expect(all.status).toBe(200);
    expect(all.body.nextCursor).toBeNull();
    expect(
      all.body.items.map((i: Record<string, unknown>) => ({
        ref: i.referralRef,
        check: i.check,
        action: i.action,
        dueAt: i.dueAt,
        overdue: i.overdue,
      })),
    ).toEqual(expected);
    expect(all.body.items[1]).toMatchObject({ crimeReference: null, code: '106', evidence: ['SX-W1/referral'] });
    expect(all.body.items[2]).toMatchObject({ code: null });

    // pages of 2
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get('/v1/compliance/worklist', { force: F, limit: 2, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((i: { referralRef: string }) => i.referralRef));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected.map((e) => e.ref));
    expect((await get('/v1/compliance/worklist', { force: F, cursor: 'not-a-cursor' })).status).toBe(400);

    // the crime arrives: W1 leaves the worklist
    await ingest(crime(F, 'SX-W1', '2024-06-05T10:00:00Z'));
    const after = await get('/v1/compliance/worklist', { force: F });
    expect(after.body.items.map((i: { referralRef: string }) => i.referralRef)).toEqual(['SX-W2', 'SX-W5', 'SX-W3', 'SX-W4']);
  });
});

describe('as at a service time (Merseyside)', () => {
  it('findings asked as at each moment of a scripted ingest equal what was answered then', async () => {
    const F = MERSEY;
    const police = { type: 'POLICE', organisation: 'Merseyside Police' };
    const steps: Ev[][] = [
      [policeDtn(F, 'MY-A', { firstResponder: police })], // MS-05 open
      [referral(F, 'MY-B', { firstResponder: { type: 'NGO', organisation: 'Unseen' } })], // MS-03 open
      [crime(F, 'MY-A', '2024-06-05T09:00:00Z')], // MS-05 resolved
      [
        rg(F, 'MY-B', 'NEGATIVE', { receivedAt: '2024-06-12T09:00:00Z' }),
        policeDtn(F, 'MY-A', { eventId: 'MY-A/referral-2', firstResponder: police, victim: { ageGroup: 'CHILD', ageDisputed: false } }),
      ],
      [cancel(F, 'MY-A', '2024-06-20T09:00:00Z')],
    ];
    const moments: { at: string; open: Finding[]; all: Finding[] }[] = [];
    const snapshot = async () => {
      const open = await allFindings({ force: F });
      const all = await allFindings({ force: F, status: 'all' });
      const at = new Date().toISOString();
      moments.push({ at, open, all });
      await sleep(5);
    };
    await snapshot();
    for (const step of steps) {
      await ingest(...step);
      await snapshot();
    }
    // the script did move the findings
    expect(
      moments.map((m) =>
        m.open
          .map((f) => f.check)
          .sort()
          .join(),
      ),
    ).toEqual(['', 'MS-05', 'MS-03,MS-05', 'MS-03', 'MS-01,MS-06', '']);
    expect(moments[5].all.map((f) => `${f.referralRef}:${f.check}:${f.status}`).sort()).toEqual([
      'MY-A:MS-01:resolved',
      'MY-A:MS-05:resolved',
      'MY-A:MS-06:resolved',
      'MY-B:MS-03:resolved',
    ]);
    for (const m of moments) {
      expect(await allFindings({ force: F, asAt: m.at })).toEqual(m.open);
      expect(await allFindings({ force: F, status: 'all', asAt: m.at })).toEqual(m.all);
    }
    // before anything was stored, nothing is known
    expect(await allFindings({ force: F, status: 'all', asAt: '2026-03-01T00:00:00Z' })).toEqual([]);
  });

  it('world time: an MS-03 not yet due is not open before 00:00 London after its due date, and open from then', async () => {
    const F = GM;
    const now = new Date();
    const today = londonDate(now.toISOString());
    const dueDate = rgDueDate(today);
    const dueAt = londonMidnight(addDays(dueDate, 1));
    await ingest(
      referral(F, 'GM-1', {
        firstResponder: { type: 'NGO', organisation: 'Medaille Trust' },
        occurredAt: today,
        receivedAt: new Date(now.getTime() - 60_000).toISOString(),
        recordedAt: now.toISOString(),
      }),
    );
    const stored = new Date().toISOString();
    const before = new Date(Date.parse(dueAt) - 1).toISOString();
    const dayAfter = new Date(Date.parse(dueAt) + 86_400_000).toISOString();
    // the API refuses an asAt in the future (docs/decisions.md, "asAt is a past instant"), so its times after
    // now are read at a scripted clock through the findings query itself
    expect((await get('/v1/compliance/findings', { force: F, asAt: dueAt })).status).toBe(400);
    // "what was open on <a day before the due date>": nothing, not even as a not-yet-due finding
    expect(await allFindings({ force: F, asAt: stored })).toEqual([]);
    expect(await allFindings({ force: F, status: 'all', asAt: stored })).toEqual([]);
    expect(await findingsAtClock(F, before)).toEqual([]);
    for (const at of [dueAt, dayAfter]) {
      expect(await findingsAtClock(F, at)).toEqual([
        expect.objectContaining({
          check: 'MS-03',
          referralRef: 'GM-1',
          status: 'open',
          dueAt,
          resolvedAt: null,
          evidence: ['GM-1/referral'],
        }),
      ]);
    }
    // the RG arrives a day after the due date (a receipt in the future, as a scripted clock): open between, resolved after
    const rgAt = new Date(Date.parse(dueAt) + 2 * 86_400_000).toISOString();
    await ingest(rg(F, 'GM-1', 'NEGATIVE', { occurredAt: addDays(dueDate, 2), receivedAt: rgAt }));
    // ... which is itself flagged (MS-15: dated after the day after it was stored), open from its storage
    const ms03 = async (at: string, status?: 'open' | 'resolved') =>
      (await findingsAtClock(F, at, status)).filter((f) => f.check !== 'MS-15');
    expect((await findingsAtClock(F, dayAfter)).map((f) => f.check)).toEqual(['MS-03', 'MS-15']);
    const later = new Date(Date.parse(rgAt) + 1000).toISOString();
    expect(await ms03(later)).toEqual([]);
    expect(await ms03(later, 'resolved')).toEqual([
      expect.objectContaining({ check: 'MS-03', status: 'resolved', dueAt, resolvedAt: rgAt }),
    ]);
    expect((await findingsAtClock(F, later)).map((f) => [f.check, f.evidence])).toEqual([['MS-15', ['GM-1/RG_DECISION-NEGATIVE']]]);
    // the summary (now) does not count the MS-03: not yet due
    const s = await get('/v1/compliance/summary', { force: F, period: londonDate(now.toISOString()).slice(0, 7) });
    expect(s.status).toBe(200);
    expect(s.body.records).toBe(1);
    const byCheck = Object.fromEntries(s.body.checks.map((c: { check: string }) => [c.check, c]));
    expect(byCheck['MS-03']).toMatchObject({ open: 0, resolved: 0 });
    expect(byCheck['MS-15']).toMatchObject({ open: 1 });
  });
});

describe('pagination and exports (West Yorkshire)', () => {
  it('findings pages with cursors cover the listing exactly once, in id order', async () => {
    const asAt = new Date().toISOString();
    const whole = await allFindings({ force: WY, status: 'all', asAt });
    expect(whole.length).toBeGreaterThanOrEqual(13);
    const paged: Finding[] = [];
    let cursor: string | null = null;
    do {
      const res = await get('/v1/compliance/findings', { force: WY, status: 'all', asAt, limit: 4, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(4);
      paged.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole);
    const ids = paged.map((f) => BigInt(f.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect((await get('/v1/compliance/findings', { force: WY, cursor: 'Zm9v' })).status).toBe(400);
  });

  it('CSV parsed back with csv-parse and XLSX read back with exceljs equal the JSON listing', async () => {
    const asAt = new Date().toISOString();
    const items = await allFindings({ force: WY, status: 'all', asAt });
    const rows = items.map((f) => [
      f.check,
      f.severity,
      f.force,
      f.referralRef,
      f.status,
      f.dueAt,
      f.resolvedAt ?? '',
      f.evidence.join(' '),
      f.message,
    ]);
    const header = [
      'Check',
      'Severity',
      'Force',
      'Referral reference',
      'Status',
      'Due at',
      'Resolved at',
      'Evidence (event ids)',
      'Finding',
    ];

    const csv = await get('/v1/compliance/findings', { force: WY, status: 'all', asAt, format: 'csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('.csv');
    const parsed = parse(csv.text, { bom: true }) as string[][];
    expect(parsed).toEqual([header, ...rows]);

    const xlsx = await t.http
      .get('/v1/compliance/findings')
      .query({ force: WY, status: 'all', asAt, format: 'xlsx' })
      .set('authorization', `Bearer ${national}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Findings')!;
    const sheet: string[][] = [];
    ws.eachRow((row) => {
      const values = row.values as unknown[];
      sheet.push(Array.from({ length: 9 }, (_, i) => (values[i + 1] === null || values[i + 1] === undefined ? '' : String(values[i + 1]))));
    });
    expect(sheet).toEqual([header, ...rows]);
  });
});

describe('access', () => {
  it('force scope: 403 for another force on findings, summary and worklist; no force= means the token forces', async () => {
    const wyAuditor = await t.token('auditor', WY);
    const wySpoc = await t.token('spoc', WY);
    for (const [path, q] of [
      ['/v1/compliance/findings', { force: MET }],
      ['/v1/compliance/summary', { force: MET, period: '2024-25' }],
      ['/v1/compliance/worklist', { force: MET }],
    ] as const) {
      expect((await get(path, q, wyAuditor)).status).toBe(403);
      expect((await get(path, q, wySpoc)).status).toBe(403);
    }
    expect((await get('/v1/compliance/summary', { force: WY, period: '2024-25' }, wySpoc)).status).toBe(200);
    expect((await get('/v1/compliance/worklist', { force: WY }, wySpoc)).status).toBe(200);
    const own = await allFindings({ status: 'all' }, wyAuditor);
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((f) => f.force))).toEqual(new Set([WY]));
  });

  it('roles: a recorder gets 403, no token 401, an admin 200', async () => {
    const rec = await t.token('recorder', WY);
    expect((await get('/v1/compliance/findings', { force: WY }, rec)).status).toBe(403);
    expect((await get('/v1/compliance/summary', { force: WY, period: '2024-25' }, rec)).status).toBe(403);
    expect((await get('/v1/compliance/worklist', { force: WY }, rec)).status).toBe(403);
    expect((await t.http.get('/v1/compliance/findings').query({ force: WY })).status).toBe(401);
    const admin = await t.token('admin', '*');
    expect((await get('/v1/compliance/findings', { force: WY }, admin)).status).toBe(200);
  });

  it('validation: bad check, status, asAt and force are 400', async () => {
    for (const q of <Record<string, string>[]>[
      { check: 'MS-16' },
      { status: 'closed' },
      { asAt: 'yesterday' },
      { force: 'XYZ' },
      { severity: 'info' },
    ]) {
      expect((await get('/v1/compliance/findings', q)).status).toBe(400);
    }
  });
});
