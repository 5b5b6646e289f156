import type { HocrEvent } from './event-types';
import { FIXTURE_FORCE, referral, rg, stored, transfer } from './fixtures';
import { fold } from './fold';
import { forceReceivedAt, forceRecording } from './force-receipt';
import { londonDate } from './time';

const forceReceivedDate = (...args: Parameters<typeof forceReceivedAt>): string | null => {
  const at = forceReceivedAt(...args);
  return at === null ? null : londonDate(at);
};

const A = FIXTURE_FORCE; // West Yorkshire Police
const B = 'E23000001'; // Metropolitan Police

/** An event of another force as the receiving force's record folds it (src/records/refold.ts): presented as its own. */
const as = (force: string, e: HocrEvent): HocrEvent => ({ ...e, force }) as HocrEvent;

const aReferral = referral({ occurredAt: '2024-03-28', receivedAt: '2024-03-28T10:00:00Z' });
const aToB = transfer(B, { occurredAt: '2024-04-02', receivedAt: '2024-04-02T09:00:00Z' });

describe('forceReceivedAt: the period a force counts its record in (SPEC §7)', () => {
  it("is the force's own referral's receipt", () => {
    const facts = fold(stored(aReferral, rg('POSITIVE')));
    expect(forceReceivedAt(facts, ['2024-03-28T10:00:00.000Z'])).toBe('2024-03-28T10:00:00.000Z');
    expect(forceReceivedDate(facts, ['2024-03-28T10:00:00.000Z'])).toBe('2024-03-28');
  });

  it("is the transfer's receipt for the force that received the referral by transfer", () => {
    const facts = fold(stored(as(B, aReferral), as(B, aToB)));
    expect(facts.referralReceivedAt).toBe('2024-03-28T10:00:00.000Z');
    expect(forceReceivedAt(facts, [])).toBe('2024-04-02T09:00:00.000Z');
    expect(forceReceivedDate(facts, [])).toBe('2024-04-02');
  });

  it('keeps the first force its own receipt when the referral is transferred back to it (A→B→A)', () => {
    const back = transfer(A, { force: B, occurredAt: '2024-05-01', receivedAt: '2024-05-01T09:00:00Z' });
    const facts = fold(stored(aReferral, aToB, as(A, back)));
    expect(facts.transfers.map((t) => t.toForce)).toEqual([B, A]);
    expect(forceReceivedDate(facts, ['2024-03-28T10:00:00.000Z'])).toBe('2024-03-28');
  });

  it('is the earliest of its own referral and the transfer in', () => {
    const ownLater = referral({ force: B, occurredAt: '2024-03-28', receivedAt: '2024-04-05T09:00:00Z' });
    const later = fold(stored(as(B, aReferral), as(B, aToB), ownLater));
    expect(forceReceivedAt(later, ['2024-04-05T09:00:00.000Z'])).toBe('2024-04-02T09:00:00.000Z');
    const ownEarlier = referral({ force: B, occurredAt: '2024-03-28', receivedAt: '2024-03-30T09:00:00Z' });
    const earlier = fold(stored(as(B, aReferral), as(B, aToB), ownEarlier));
    expect(forceReceivedAt(earlier, ['2024-03-30T09:00:00.000Z'])).toBe('2024-03-30T09:00:00.000Z');
  });

  it("is never earlier than the referral's first receipt (a transfer received before the referral)", () => {
    const early = transfer(B, { occurredAt: '2024-03-20', receivedAt: '2024-03-20T09:00:00Z' });
    const facts = fold(stored(as(B, aReferral), as(B, early)));
    expect(forceReceivedAt(facts, [])).toBe('2024-03-28T10:00:00.000Z');
  });

  it('is null without a referral (INCOMPLETE), whatever was received', () => {
    const facts = fold(stored(as(B, aToB), as(B, rg('POSITIVE'))));
    expect(forceReceivedAt(facts, [])).toBeNull();
    expect(forceReceivedDate(facts, ['2024-04-01T09:00:00.000Z'])).toBeNull();
  });

  it('is a Europe/London date: a transfer received at 23:30 UTC on 31 March 2024 counts on 1 April', () => {
    const late = transfer(B, { occurredAt: '2024-03-31', receivedAt: '2024-03-31T23:30:00Z' });
    expect(forceReceivedDate(fold(stored(as(B, aReferral), as(B, late))), [])).toBe('2024-04-01');
  });
});

describe('forceRecording: when a force created its record (SPEC §6 MS-02)', () => {
  const recordedLate = referral({
    force: B,
    eventId: 'b-ref',
    occurredAt: '2024-03-28',
    receivedAt: '2024-04-02T10:00:00Z',
    recordedAt: '2024-04-05T09:00:00Z',
  });
  const aRecorded = referral({
    eventId: 'a-ref',
    occurredAt: '2024-03-28',
    receivedAt: '2024-03-28T10:00:00Z',
    recordedAt: '2024-03-28T11:00:00Z',
  });
  const toB = transfer(B, { eventId: 'a-to-b', occurredAt: '2024-04-02', receivedAt: '2024-04-02T09:00:00Z' });
  const carried = new Map([
    ['a-ref', A],
    ['a-to-b', A],
  ]);

  it('is facts.recordedAt, shown by every referral event, for a record that carries nothing', () => {
    const facts = fold(stored(aRecorded));
    expect(forceRecording(facts)).toEqual({ at: '2024-03-28T11:00:00.000Z', evidence: ['a-ref'] });
    expect(forceRecording(facts, new Map())).toEqual(forceRecording(facts));
  });

  it("is the receiving force's own recording, not the sender's", () => {
    const facts = fold(stored(as(B, aRecorded), as(B, toB), recordedLate));
    expect(facts.recordedAt).toBe('2024-03-28T11:00:00.000Z');
    expect(forceRecording(facts, carried)).toEqual({ at: '2024-04-05T09:00:00.000Z', evidence: ['b-ref'] });
  });

  it("is the sender's, as carried, when the receiving force sent no referral of its own", () => {
    const [ref, t] = stored(as(B, aRecorded), as(B, toB));
    const facts = fold([ref, { ...t, storedAt: '2026-11-23T09:30:00.000Z' }]);
    expect(forceRecording(facts, carried)).toEqual({ at: '2024-03-28T11:00:00.000Z', evidence: ['a-ref'] });
  });

  it('is null without a referral', () => {
    expect(forceRecording(fold(stored(as(B, toB))), carried)).toBeNull();
  });
});
