import { NOT_UNICODE, OUT_OF_YEARS } from '../../src/hocr/validate-event';
import { type TestApp, useTestApp } from '../helpers/test-app';
import { referral, rg, type RawEvent } from '../helpers/wire-events';

/**
 * Hostile values on POST /v1/events and /v1/events/batch (found by an adversarial run, 2026-11-23): each is a
 * 400 naming the field, never a 500, and nothing is written (a batch with one bad event writes none of them).
 */
const WYP = 'E23000010';

describe('POST /v1/events and /v1/events/batch: hostile values', () => {
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
});
