import { NOT_UNICODE, OUT_OF_YEARS } from '../../src/hocr/validate-event';
import { type TestApp, useTestApp } from '../helpers/test-app';
import { referral, rg, type RawEvent } from '../helpers/wire-events';

/**
 * Hostile values on POST /v1/events and /v1/events/batch (found by an adversarial run, 2026-11-23): each is a
 * 400 naming the field, never a 500, and nothing is written (a batch with one bad event writes none of them).
 */
const WYP = 'E23000010';

describe('POST /v1/events and /v1/events/batch: hostile values, and replays', () => {
  let t: TestApp;
  let recorder: string;
  useTestApp(async (opened) => {
    t = opened;
    recorder = await t.token('recorder', WYP);
  });

  const postOne = (body: object) => t.http.post('/v1/events').set('authorization', `Bearer ${recorder}`).send(body);
  const postBatch = (events: object[]) => t.http.post('/v1/events/batch').set('authorization', `Bearer ${recorder}`).send({ events });
  const rows = async (): Promise<number> => {
    const [{ n }]: { n: string }[] = await t.dataSource.query(
      `SELECT ((SELECT count(*) FROM events) + (SELECT count(*) FROM records) + (SELECT count(*) FROM classification_history))::text AS n`,
    );
    return Number(n);
  };

  describe('unpaired UTF-16 surrogates', () => {
    const cancelled: RawEvent = {
      eventId: 'C1/cancel',
      type: 'RECORD_CANCELLED',
      force: WYP,
      referralRef: 'C1',
      occurredAt: '2024-06-03',
      reason: 'DUPLICATE',
      authorisedBy: 'FCR West Yorkshire',
    };
    const crime: RawEvent = {
      eventId: 'C1/crime',
      type: 'CRIME_RECORDED',
      force: WYP,
      referralRef: 'C1',
      occurredAt: '2024-06-03',
      crimeReference: '13/1/24',
      offence: 'FORCED_LABOUR',
    };
    const cases: [field: string, event: RawEvent][] = [
      ['eventId', rg(WYP, 'D1', 'POSITIVE', { eventId: 'a\ud800' })],
      ['referralRef', rg(WYP, 'x\udfff', 'POSITIVE', { eventId: 'D2/rg' })],
      ['firstResponder.organisation', referral(WYP, 'S1', { firstResponder: { type: 'NGO', organisation: 'Unseen\ud800' } })],
      ['crimeReference', referral(WYP, 'S1', { crimeReference: '\udc0013/1/24' })],
      ['crimeReference', { ...crime, crimeReference: '13/1/24\ud83d' }],
      ['authorisedBy', { ...cancelled, authorisedBy: 'FCR\udfff' }],
    ];

    it.each(cases)('refuses one in %s with 400 naming it, writing nothing', async (field, event) => {
      const before = await rows();
      const res = await postOne(event).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, details: [{ field, reason: NOT_UNICODE }] });
      expect(await rows()).toBe(before);
    });

    it('refuses a batch with one such event with 400 naming its index and field, writing none of the batch', async () => {
      const before = await rows();
      const res = await postBatch([referral(WYP, 'B1'), rg(WYP, 'B1', 'POSITIVE', { referralRef: 'B1\ud800' })]).expect(400);
      expect(res.body.details).toEqual([{ index: 1, field: 'events[1].referralRef', reason: NOT_UNICODE }]);
      expect(await rows()).toBe(before);
    });

    it('accepts a surrogate pair, and drops an unknown key that holds an unpaired one', async () => {
      const res = await postOne(
        referral(WYP, 'S2', { firstResponder: { type: 'NGO', organisation: 'Unseen \ud83d\ude00' }, 'x\ud800': 'y\udfff' }),
      ).expect(201);
      expect(res.body.record.facts.firstResponder.organisation).toBe('Unseen \ud83d\ude00');
      const [stored]: { payload: string }[] = await t.dataSource.query(`SELECT body::text AS payload FROM events WHERE event_id = $1`, [
        'S2/referral',
      ]);
      expect(stored.payload).not.toMatch(/ud800|udfff/i);
    });
  });

  describe('dates outside the years 1900–2999', () => {
    const cases: [field: string, value: string, event: RawEvent][] = [
      ['occurredAt', '0000-01-01', rg(WYP, 'Y1', 'POSITIVE', { occurredAt: '0000-01-01' })],
      ['occurredAt', '0001-01-01', rg(WYP, 'Y1', 'POSITIVE', { occurredAt: '0001-01-01' })],
      ['occurredAt', '0000-01-01T00:00:00Z', rg(WYP, 'Y1', 'POSITIVE', { occurredAt: '0000-01-01T00:00:00Z' })],
      ['occurredAt', '0000-01-01T00:00:00+23:59', rg(WYP, 'Y1', 'POSITIVE', { occurredAt: '0000-01-01T00:00:00+23:59' })],
      ['occurredAt', '9999-12-31T23:59:59-23:59', rg(WYP, 'Y1', 'POSITIVE', { occurredAt: '9999-12-31T23:59:59-23:59' })],
      ['occurredAt', '9999-12-31', referral(WYP, 'Y2', { occurredAt: '9999-12-31' })],
      ['receivedAt', '0000-06-01T00:00:00Z', rg(WYP, 'Y1', 'POSITIVE', { receivedAt: '0000-06-01T00:00:00Z' })],
      ['receivedAt', '9999-12-31T00:00:00Z', rg(WYP, 'Y1', 'POSITIVE', { receivedAt: '9999-12-31T00:00:00Z' })],
      ['receivedAt', '9999-12-31T23:59:59-23:59', rg(WYP, 'Y1', 'POSITIVE', { receivedAt: '9999-12-31T23:59:59-23:59' })],
      ['recordedAt', '0000-06-01T00:00:00Z', referral(WYP, 'Y2', { recordedAt: '0000-06-01T00:00:00Z' })],
      ['recordedAt', '9999-12-31T23:59:59-23:59', referral(WYP, 'Y2', { recordedAt: '9999-12-31T23:59:59-23:59' })],
    ];

    it.each(cases)('refuses %s %s with 400 naming it, writing nothing', async (field, _value, event) => {
      const before = await rows();
      const res = await postOne(event).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, details: [{ field, reason: OUT_OF_YEARS }] });
      expect(await rows()).toBe(before);
    });

    it('refuses a batch with one such event, writing none of it', async () => {
      const before = await rows();
      const res = await postBatch([referral(WYP, 'Y3'), rg(WYP, 'Y3', 'POSITIVE', { occurredAt: '0000-01-01' })]).expect(400);
      expect(res.body.details).toEqual([{ index: 1, field: 'events[1].occurredAt', reason: OUT_OF_YEARS }]);
      expect(await rows()).toBe(before);
    });

    it('records referrals and decisions on the first and last days of the years accepted', async () => {
      await postOne(
        referral(WYP, 'Y1900', { occurredAt: '1900-01-01', receivedAt: '1900-01-01T00:00:00Z', recordedAt: '1900-01-01T00:05:00Z' }),
      ).expect(201);
      await postOne(rg(WYP, 'Y1900', 'POSITIVE', { occurredAt: '1900-01-05', receivedAt: '1900-01-05T12:00:00Z' })).expect(201);
      await postOne(
        referral(WYP, 'Y2999', { occurredAt: '2999-12-31', receivedAt: '2999-12-31T23:59:59Z', recordedAt: '2999-12-31T23:59:59Z' }),
      ).expect(201);
      const res = await postBatch([
        rg(WYP, 'Y2999', 'NEGATIVE', { occurredAt: '2999-12-31T23:59:59Z', receivedAt: '2999-12-31T23:59:59Z' }),
      ]).expect(200);
      expect(res.body.results).toEqual([{ eventId: 'Y2999/RG_DECISION-NEGATIVE', status: 'APPLIED' }]);
    });
  });

  /**
   * SPEC §4 idempotency: the same eventId with the same content is a duplicate, different content a 409. A
   * retry whose serializer writes the same instant another way (`.000Z`, `+01:00`) is the same content (found
   * by a probe, 2026-11-23: it was a 409). A date alone is not the same as a date-time.
   */
  describe('replays that write the same instants another way', () => {
    const stored = async (eventId: string) =>
      ((await t.dataSource.query('SELECT body FROM events WHERE event_id = $1', [eventId])) as { body: Record<string, unknown> }[]).map(
        (r) => r.body,
      );

    it('a single event sent again with .000Z or +01:00 is a DUPLICATE, and the first body stays', async () => {
      const first = referral(WYP, 'RP-1', { receivedAt: '2024-06-03T10:00:00Z', recordedAt: '2024-06-03T10:05:00Z' });
      expect((await postOne(first)).status).toBe(201);
      for (const again of [
        { ...first, receivedAt: '2024-06-03T10:00:00.000Z' },
        { ...first, receivedAt: '2024-06-03T11:00:00+01:00', recordedAt: '2024-06-03T10:05:00.000+00:00' },
      ]) {
        const res = await postOne(again);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ eventId: first.eventId, status: 'DUPLICATE' });
      }
      expect(await stored(first.eventId as string)).toEqual([expect.objectContaining({ receivedAt: '2024-06-03T10:00:00Z' })]);
    });

    it('in a batch, and twice within one batch, the same', async () => {
      const d = rg(WYP, 'RP-2', 'POSITIVE', { occurredAt: '2024-06-07T09:00:00Z', receivedAt: '2024-06-07T12:00:00Z' });
      const res = await postBatch([d, { ...d, occurredAt: '2024-06-07T10:00:00+01:00' }]);
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['APPLIED', 'DUPLICATE']);
      const again = await postBatch([{ ...d, receivedAt: '2024-06-07T12:00:00.000Z' }, referral(WYP, 'RP-2')]);
      expect(again.status).toBe(200);
      expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(['DUPLICATE', 'APPLIED']);
    });

    it('another instant, or a date for a date-time, is different content: 409 and nothing written', async () => {
      const first = rg(WYP, 'RP-3', 'NEGATIVE', { occurredAt: '2024-06-07T00:00:00+01:00', receivedAt: '2024-06-07T12:00:00Z' });
      expect((await postOne(first)).status).toBe(201);
      for (const other of [
        { ...first, receivedAt: '2024-06-07T12:00:00.001Z' },
        { ...first, occurredAt: '2024-06-07' },
      ]) {
        const res = await postOne(other);
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ code: 'EVENT_CONFLICT', details: [{ index: 0, field: 'eventId' }] });
      }
      const batch = await postBatch([referral(WYP, 'RP-3'), { ...first, occurredAt: '2024-06-07' }]);
      expect(batch.status).toBe(409);
      expect(await stored('RP-3/referral')).toEqual([]);
    });
  });
});
