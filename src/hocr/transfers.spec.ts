import type { TransferFacts } from './facts';
import { contributingForces, foldsInto, transferredAway } from './transfers';

const A = 'E23000010';
const B = 'E23000001';
const C = 'E23000028';

describe('what follows a transfer', () => {
  it('a record folds the events of every force that sent the referral to it, directly or through others', () => {
    const chain = [
      { from: A, to: B },
      { from: B, to: C },
    ];
    expect(contributingForces(C, chain)).toEqual(new Set([C, B, A]));
    expect(contributingForces(B, chain)).toEqual(new Set([B, A]));
    expect(contributingForces(A, chain)).toEqual(new Set([A]));
    // sent back: each force's record folds the other's
    expect(contributingForces(A, [...chain, { from: B, to: A }])).toEqual(new Set([A, B]));
  });

  it("never folds a sender's own crime or cancellation, nor an unrelated force's events", () => {
    const into = contributingForces(B, [{ from: A, to: B }]);
    expect(foldsInto(B, into, A, 'REFERRAL_RECEIVED')).toBe(true);
    expect(foldsInto(B, into, A, 'RG_DECISION')).toBe(true);
    expect(foldsInto(B, into, A, 'CRIME_RECORDED')).toBe(false);
    expect(foldsInto(B, into, A, 'RECORD_CANCELLED')).toBe(false);
    expect(foldsInto(B, into, B, 'CRIME_RECORDED')).toBe(true);
    expect(foldsInto(B, into, C, 'REFERRAL_RECEIVED')).toBe(false);
  });
});

describe('transferredAway: whether a force still holds a transferred referral (SPEC §4)', () => {
  let seq = 0;
  /** A transfer from → to, on a London date or at an instant, received at `receivedAt`. */
  const t = (from: string, to: string, occurredInstant: string, receivedAt: string): TransferFacts => ({
    eventId: `${from}-${to}-${seq}`,
    occurredAt: occurredInstant,
    occurredInstant,
    receivedAt,
    storedAt: receivedAt,
    seq: seq++,
    fromForce: from,
    toForce: to as TransferFacts['toForce'],
  });
  const held = (force: string, list: TransferFacts[]) => transferredAway(force, list)?.toForce ?? null;
  // A sends at 10:00 BST; B's system sends a date alone (00:00 London), so B's transfer sorts first
  const aToB = t('A', 'B', '2024-06-05T09:00:00.000Z', '2024-06-05T09:00:00.000Z');
  const bToC = t('B', 'C', '2024-06-04T23:00:00.000Z', '2024-06-05T14:00:00.000Z');

  it('a chain: each sender is away, the last receiver holds it, whatever order the dates put them in', () => {
    for (const list of [
      [aToB, bToC],
      [bToC, aToB],
    ]) {
      expect([held('A', list), held('B', list), held('C', list)]).toEqual(['B', 'C', null]);
    }
  });

  it("a transfer between two other forces does not send this force's referral anywhere", () => {
    expect(held('C', [aToB])).toBeNull();
  });

  it('sent back: the first force holds it again, the other is away, by receipt within one London date', () => {
    const bToA = t('B', 'A', '2024-06-04T23:00:00.000Z', '2024-06-05T15:00:00.000Z');
    for (const list of [
      [aToB, bToA],
      [bToA, aToB],
    ]) {
      expect([held('A', list), held('B', list)]).toEqual([null, 'A']);
    }
    // sent on again afterwards: away to the latest
    const aToC = t('A', 'C', '2024-06-20T09:00:00.000Z', '2024-06-20T09:00:00.000Z');
    expect([held('A', [aToB, bToA, aToC]), held('B', [aToB, bToA, aToC])]).toEqual(['C', 'A']);
  });

  it('a chain sent back to its middle force (A→B→C→B): B holds it, whatever the receipts say', () => {
    const cToB = t('C', 'B', '2024-06-04T23:00:00.000Z', '2024-06-05T08:00:00.000Z');
    const list = [cToB, aToB, bToC];
    expect([held('A', list), held('B', list), held('C', list)]).toEqual(['B', null, 'B']);
  });
});
