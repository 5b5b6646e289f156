import type { HocrEvent } from '../event-types';
import { cancel, crime, FIXTURE_FORCE, location, referral, rg, storedEvent, transfer } from '../fixtures';
import { fold } from '../fold';
import type { FindingSpec } from './finding';
import { checkById, evaluateChecks } from './registry';

/** Events stored by the service at the given instants, in this arrival order. */
const storedOn = (...pairs: [HocrEvent, string][]) => pairs.map(([e, at], i) => storedEvent(e, i, { storedAt: at }));
const ms15 = (...pairs: [HocrEvent, string][]): FindingSpec[] => checkById('MS-15').run(fold(storedOn(...pairs)), { force: FIXTURE_FORCE });

const REF = referral({ eventId: 'r', occurredAt: '2024-06-03', receivedAt: '2024-06-03T09:00:00Z' });
const STORED = '2024-06-10T12:00:00Z';

describe('MS-15 event dated in the future', () => {
  it('raises one finding for an event dated after the day after the service stored it, naming the date', () => {
    expect(
      ms15(
        [REF, '2024-06-03T09:01:00Z'],
        [rg('POSITIVE', { eventId: 'd', occurredAt: '2024-06-12', receivedAt: '2024-06-10T11:00:00Z' }), STORED],
      ),
    ).toEqual([
      {
        check: 'MS-15',
        severity: 'warning',
        dueAt: '2024-06-10T11:00:00.000Z',
        resolvedAt: null,
        evidence: ['d'],
        message:
          'Event dated in the future (occurredAt 2024-06-12), stored by the service on 2024-06-10: check the date on the force system',
      },
    ]);
  });

  it("gives a day's grace, on London dates", () => {
    const decided = (occurredAt: string, storedAt: string) =>
      ms15([REF, '2024-06-03T09:01:00Z'], [rg('NEGATIVE', { eventId: 'd', occurredAt, receivedAt: '2024-06-03T10:00:00Z' }), storedAt]);
    expect(decided('2024-06-11', STORED)).toEqual([]);
    expect(decided('2024-06-11T22:59:59Z', STORED)).toEqual([]); // 23:59:59 BST on the 11th
    expect(decided('2024-06-11T23:00:00Z', STORED)).toHaveLength(1); // 00:00 BST on the 12th
    // stored at 00:30 BST on the 11th (23:30 UTC on the 10th): the 12th is the day after
    expect(decided('2024-06-12', '2024-06-10T23:30:00Z')).toEqual([]);
    expect(decided('2024-06-13', '2024-06-10T23:30:00Z')).toHaveLength(1);
  });

  it("reads receivedAt and a referral's recordedAt too; a receipt in the future is due when the service stored it", () => {
    const found = ms15(
      [
        referral({ eventId: 'r', occurredAt: '2024-06-03', receivedAt: '2024-06-03T09:00:00Z', recordedAt: '2025-06-03T10:00:00Z' }),
        STORED,
      ],
      [rg('POSITIVE', { eventId: 'd', occurredAt: '2024-06-05', receivedAt: '2052-06-05T10:00:00Z' }), '2024-06-11T08:00:00Z'],
    );
    expect(found.map((f) => [f.evidence, f.dueAt, f.message.slice(0, f.message.indexOf(')') + 1)])).toEqual([
      [['r'], '2024-06-03T09:00:00.000Z', 'Event dated in the future (recordedAt 2025-06-03)'],
      [['d'], '2024-06-11T08:00:00.000Z', 'Event dated in the future (receivedAt 2052-06-05)'],
    ]);
  });

  it('judges every kind of event, one finding each, in fold order', () => {
    const late = '2030-01-01';
    const found = ms15(
      [REF, STORED],
      [location('UNKNOWN', { eventId: 'l', occurredAt: late }), STORED],
      [crime({ eventId: 'c', occurredAt: '2024-06-04' }), STORED],
      [transfer('E23000001', { eventId: 't', occurredAt: '2031-01-01' }), STORED],
      [rg('POSITIVE', { eventId: 'd', occurredAt: '2029-01-01' }), STORED],
    );
    expect(found.map((f) => f.evidence[0])).toEqual(['d', 'l', 't']);
  });

  it('raises nothing for records loaded from another system (dates long before they were stored)', () => {
    expect(ms15([REF, '2026-11-23T20:00:00Z'], [rg('POSITIVE', { occurredAt: '2024-06-05' }), '2026-11-23T20:00:00Z'])).toEqual([]);
  });

  it('is resolved only by cancellation', () => {
    const events: [HocrEvent, string][] = [
      [REF, '2024-06-03T09:01:00Z'],
      [rg('POSITIVE', { eventId: 'd', occurredAt: '2042-06-05', receivedAt: '2024-06-05T10:00:00Z' }), '2024-06-05T10:01:00Z'],
    ];
    expect(ms15(...events)).toEqual([expect.objectContaining({ resolvedAt: null })]);
    const cancelled = ms15(...events, [cancel({ receivedAt: '2024-07-01T09:00:00Z' }), '2024-07-01T09:01:00Z']);
    expect(cancelled).toEqual([expect.objectContaining({ evidence: ['d'], resolvedAt: '2024-07-01T09:00:00.000Z' })]);
  });

  it('is one of the checks every record is evaluated by', () => {
    const facts = fold(
      storedOn([REF, '2024-06-03T09:01:00Z'], [rg('NEGATIVE', { eventId: 'd', occurredAt: '2099-01-01' }), '2024-06-05T10:00:00Z']),
    );
    expect(evaluateChecks(facts, { force: FIXTURE_FORCE }).filter((f) => f.check === 'MS-15')).toHaveLength(1);
  });
});
