import { type TestApp, useTestApp } from '../helpers/test-app';
import { referral, rg } from '../helpers/wire-events';

/**
 * SPEC §4 idempotency: the same eventId with the same content is a duplicate, different content a 409. A
 * retry whose serializer writes the same instant another way (`.000Z`, `+01:00`) is the same content (found
 * by a probe, 2026-11-23: it was a 409). A date alone is not the same as a date-time.
 */
const WYP = 'E23000010';

describe('replays that write the same instants another way', () => {
  let t: TestApp;
  let recorder: string;
  useTestApp(async (opened) => {
    t = opened;
    recorder = await t.token('recorder', WYP);
  });
  const postOne = (body: object) => t.http.post('/v1/events').set('authorization', `Bearer ${recorder}`).send(body);
  const postBatch = (events: object[]) => t.http.post('/v1/events/batch').set('authorization', `Bearer ${recorder}`).send({ events });
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
