import { createNationalTestApp, type TestApp } from '../helpers/test-app';
import { referral, rg, type RawEvent } from '../helpers/wire-events';

/**
 * SPEC §3: every change of code is kept in the record's history with "the time the service learned it"
 * (`knownSince`). The history is stored as a set of rows versioned in service time, and any later change
 * writes the whole set again; an entry carried into the new set must keep the time it appeared, not take the
 * new set's (docs/decisions.md, "A history entry is known since it (last) appeared").
 */
const F = 'E23000010'; // West Yorkshire Police

let t: TestApp;
let recorder: string;

beforeAll(async () => {
  ({ t, recorder } = await createNationalTestApp());
}, 60_000);
afterAll(async () => {
  await t?.close();
});

interface Entry {
  rule: string;
  causedBy: string;
  validFrom: string;
  validTo: string | null;
  knownSince: string;
}
interface View {
  updatedAt: string;
  history: Entry[];
}

/** Posts one event and answers the record as that write left it; a few ms apart, so no two writes share a clock reading. */
async function send(e: RawEvent): Promise<View> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  const res = await t.http.post('/v1/events').set('authorization', `Bearer ${recorder}`).send(e);
  expect({ eventId: e.eventId, status: res.status }).toEqual({ eventId: e.eventId, status: 201 });
  return res.body.record as View;
}

const read = async (ref: string): Promise<View> =>
  (await t.http.get(`/v1/forces/${F}/records/${ref}`).set('authorization', `Bearer ${recorder}`).expect(200)).body as View;

/** The history version current at service time `at`, as stored: each entry's rule and known_since, in valid time. */
async function storedAsAt(ref: string, at: string): Promise<{ rule: string; knownSince: string }[]> {
  const rows = (await t.dataSource.query(
    `SELECT h.rule, h.known_since FROM classification_history h JOIN records r ON r.id = h.record_id
      WHERE r.force = $1 AND r.referral_ref = $2 AND h.system_from <= $3 AND (h.system_to IS NULL OR h.system_to > $3)
      ORDER BY h.valid_from`,
    [F, ref, at],
  )) as { rule: string; known_since: Date }[];
  return rows.map((r) => ({ rule: r.rule, knownSince: r.known_since.toISOString() }));
}

/** 1 ms before a write's time (ISO, to the ms; the server stores µs): an as-at instant after the previous write. */
const justBefore = (t: string): string => new Date(Date.parse(t) - 1).toISOString();

const storedAt = async (eventId: string): Promise<string> =>
  (
    (await t.dataSource.query('SELECT stored_at FROM events WHERE event_id = $1', [eventId])) as { stored_at: Date }[]
  )[0].stored_at.toISOString();

const known = (v: View) => v.history.map((h) => ({ rule: h.rule, knownSince: h.knownSince }));

it('a referral, an RG and a crime: each entry is known since the write that added it, and keeps it', async () => {
  const ref = 'KS-1';
  const referralEvent = referral(F, ref);
  const rgEvent = rg(F, ref, 'POSITIVE');
  const crimeEvent: RawEvent = {
    eventId: `${ref}/crime`,
    type: 'CRIME_RECORDED',
    force: F,
    referralRef: ref,
    occurredAt: '2024-06-10',
    receivedAt: '2024-06-10T09:00:00Z',
    crimeReference: '13/0001/24',
    offence: 'FORCED_LABOUR',
  };

  const v1 = await send(referralEvent);
  const t1 = v1.updatedAt; // the service time of the write: system_from of its history version
  expect(known(v1)).toEqual([{ rule: 'PENDING_RG', knownSince: t1 }]);

  const v2 = await send(rgEvent);
  const t2 = v2.updatedAt;
  expect(known(v2)).toEqual([
    { rule: 'PENDING_RG', knownSince: t1 },
    { rule: 'RG_POSITIVE_EW', knownSince: t2 },
  ]);
  const beforeCrime = await read(ref); // what a read at t2 answers

  const v3 = await send(crimeEvent);
  const t3 = v3.updatedAt;
  const expected = [
    { rule: 'PENDING_RG', knownSince: t1 },
    { rule: 'RG_POSITIVE_EW', knownSince: t2 },
    { rule: 'CRIME_RECORDED', knownSince: t3 },
  ];
  expect(known(v3)).toEqual(expected);
  expect(known(await read(ref))).toEqual(expected);
  expect(t1 < t2 && t2 < t3).toBe(true);

  // each entry learned at the storage of the event that caused it, before the next event was stored
  const stored = [
    await storedAt(referralEvent.eventId as string),
    await storedAt(rgEvent.eventId as string),
    await storedAt(crimeEvent.eventId as string),
  ];
  expect(stored[0] <= t1 && t1 < stored[1] && stored[1] <= t2 && t2 < stored[2] && stored[2] <= t3).toBe(true);
  expect(v3.history.map((h) => h.causedBy)).toEqual([referralEvent.eventId, rgEvent.eventId, crimeEvent.eventId]);

  // As at a service time before the crime: the same knownSince as answered then, never a later time.
  expect(known(beforeCrime)).toEqual(expected.slice(0, 2));
  expect(await storedAsAt(ref, justBefore(t3))).toEqual(expected.slice(0, 2));
  expect(await storedAsAt(ref, justBefore(t2))).toEqual(expected.slice(0, 1));
  // the earlier versions are kept, closed
  const [{ versions }] = (await t.dataSource.query(
    `SELECT count(DISTINCT h.system_from)::int AS versions FROM classification_history h JOIN records r ON r.id = h.record_id
      WHERE r.referral_ref = $1`,
    [ref],
  )) as { versions: number }[];
  expect(versions).toBe(3);
});

it('an entry whose validTo moves keeps its knownSince; an entry that goes and comes back is known since it came back', async () => {
  const ref = 'KS-2';
  const location = (id: string, criminalityLocation: string, occurredAt: string): RawEvent => ({
    eventId: `${ref}/${id}`,
    type: 'CRIMINALITY_LOCATION_DETERMINED',
    force: F,
    referralRef: ref,
    occurredAt,
    receivedAt: `${occurredAt}T09:00:00Z`,
    criminalityLocation,
  });
  const rgId = `${ref}/RG_DECISION-NEGATIVE`;
  const entries = (v: View) => v.history.map(({ rule, causedBy, validTo, knownSince }) => ({ rule, causedBy, validTo, knownSince }));
  const [june7, june10] = ['2024-06-06T23:00:00.000Z', '2024-06-09T23:00:00.000Z']; // London midnight

  const t1 = (await send(referral(F, ref))).updatedAt; // PENDING_RG from 3 June
  const t2 = (await send(rg(F, ref, 'NEGATIVE'))).updatedAt; // RG_NEGATIVE_EW from 7 June
  // outside E&W from 10 June: the RG's entry now ends on 10 June, and is still the one learned at t2
  const v3 = await send(location('outside-10', 'OUTSIDE_ENGLAND_AND_WALES', '2024-06-10'));
  const t3 = v3.updatedAt;
  const atT3 = [
    { rule: 'PENDING_RG', causedBy: `${ref}/referral`, validTo: june7, knownSince: t1 },
    { rule: 'RG_NEGATIVE_EW', causedBy: rgId, validTo: june10, knownSince: t2 },
    { rule: 'OUTSIDE_EW_RG_NEGATIVE', causedBy: `${ref}/outside-10`, validTo: null, knownSince: t3 },
  ];
  expect(entries(v3)).toEqual(atT3);
  // outside E&W from 5 June: the RG makes it OUTSIDE_EW_RG_NEGATIVE from 7 June; the two later entries are gone
  const v4 = await send(location('outside-5', 'OUTSIDE_ENGLAND_AND_WALES', '2024-06-05'));
  const t4 = v4.updatedAt;
  const atT4 = [
    { rule: 'PENDING_RG', causedBy: `${ref}/referral`, validTo: june7, knownSince: t1 },
    { rule: 'OUTSIDE_EW_RG_NEGATIVE', causedBy: rgId, validTo: null, knownSince: t4 },
  ];
  expect(entries(v4)).toEqual(atT4);
  // back in E&W from 6 June: both entries of t3 are back as they were, learned again at t5
  const v5 = await send(location('inside-6', 'ENGLAND_AND_WALES', '2024-06-06'));
  const t5 = v5.updatedAt;
  expect(entries(v5)).toEqual([
    { rule: 'PENDING_RG', causedBy: `${ref}/referral`, validTo: june7, knownSince: t1 },
    { rule: 'RG_NEGATIVE_EW', causedBy: rgId, validTo: june10, knownSince: t5 },
    { rule: 'OUTSIDE_EW_RG_NEGATIVE', causedBy: `${ref}/outside-10`, validTo: null, knownSince: t5 },
  ]);
  expect(t1 < t2 && t2 < t3 && t3 < t4 && t4 < t5).toBe(true);

  // as at t3 and t4, the versions answer what was answered then
  const asAnswered = (v: typeof atT3) => v.map(({ rule, knownSince }) => ({ rule, knownSince }));
  expect(await storedAsAt(ref, justBefore(t4))).toEqual(asAnswered(atT3));
  expect(await storedAsAt(ref, justBefore(t5))).toEqual(asAnswered(atT4));
});
