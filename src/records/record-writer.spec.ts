import { outOfJsonbOrder } from '../database/jsonb-order';
import { cancel, cg, crime, FIXTURE_FORCE, FIXTURE_REF, referral, rg, storedEvent } from '../hocr/fixtures';
import { eventRow, refold } from './record-writer';
import type { EventRow } from './refold';

/**
 * The rows the writer sends as jsonb parameters are built with their keys in jsonb's order, so that the
 * server does not sort them (src/database/jsonb-order.ts). A key added out of order would cost server time,
 * not correctness, so nothing else would notice.
 */
describe('the write parameters', () => {
  const rows: EventRow[] = [referral(), rg('POSITIVE'), crime(), cg('POSITIVE'), cancel()].map((e, i) => ({
    force: FIXTURE_FORCE,
    ...storedEvent(e, i + 1),
  }));

  it('records rows, their facts and history rows have their keys in jsonb order', () => {
    const out = refold(FIXTURE_REF, rows, new Map(), '2024-09-01T00:00:00.000Z');
    const [record] = out.records as [{ facts: Record<string, unknown> }];
    // every nested part of the facts is there, so each is looked at
    for (const part of ['rg', 'cg', 'crime', 'cancellation', 'victim', 'firstResponder']) expect(record.facts[part]).not.toBeNull();
    expect(out.history.length).toBeGreaterThan(1);
    expect(outOfJsonbOrder(out.records)).toBeNull();
    expect(outOfJsonbOrder(out.history)).toBeNull();
  });

  it('an events row has its keys in jsonb order (the event body is sent as validation built it)', () => {
    const row = eventRow(0, rows[0].event, 'f'.repeat(64), rows[0].receivedAt);
    expect(outOfJsonbOrder(row, new Set(['body']))).toBeNull();
    expect(row).toEqual({
      ord: 0,
      body: rows[0].event,
      type: 'REFERRAL_RECEIVED',
      force: FIXTURE_FORCE,
      event_id: rows[0].event.eventId,
      occurred_at: '2024-06-02T23:00:00.000Z',
      received_at: rows[0].receivedAt,
      content_hash: 'f'.repeat(64),
      referral_ref: FIXTURE_REF,
    });
  });
});
