import { contributingForces, foldsInto } from './transfers';

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
