import type { HocrEvent } from '../hocr/event-types';
import { FIXTURE_FORCE, FIXTURE_REF, referral, transfer } from '../hocr/fixtures';
import { refoldReferral, type EventRow } from './refold';

const A = FIXTURE_FORCE; // West Yorkshire Police
const B = 'E23000001'; // Metropolitan Police
const C = 'E23000013'; // Cleveland Police

const rows = (...events: HocrEvent[]): EventRow[] =>
  events.map((event, seq) => ({ seq, force: event.force, event, receivedAt: event.receivedAt!, storedAt: event.receivedAt! }));
const receivedDates = (rs: EventRow[]) => Object.fromEntries(refoldReferral(FIXTURE_REF, rs).map((s) => [s.force, s.receivedDate]));

describe("refoldReferral: each force's record counts from that force's own receipt (SPEC §7)", () => {
  const aReferral = referral({ occurredAt: '2024-03-28', receivedAt: '2024-03-28T10:00:00.000Z' });
  const aToB = transfer(B, { occurredAt: '2024-04-02', receivedAt: '2024-04-02T09:00:00.000Z' });

  it('gives the sender its referral receipt and each receiver its transfer receipt, along a chain', () => {
    const bToC = transfer(C, { force: B, occurredAt: '2024-05-01', receivedAt: '2024-05-01T09:00:00.000Z' });
    expect(receivedDates(rows(aReferral, aToB, bToC))).toEqual({ [A]: '2024-03-28', [B]: '2024-04-02', [C]: '2024-05-01' });
  });

  it('keeps the first force its own receipt when the referral comes back to it (A→B→A)', () => {
    const back = transfer(A, { force: B, occurredAt: '2024-05-01', receivedAt: '2024-05-01T09:00:00.000Z' });
    const states = refoldReferral(FIXTURE_REF, rows(aReferral, aToB, back));
    expect(Object.fromEntries(states.map((s) => [s.force, s.receivedDate]))).toEqual({ [A]: '2024-03-28', [B]: '2024-04-02' });
    // the facts keep the referral's own receipt: the checks measure from it
    expect(states.map((s) => s.facts.referralReceivedAt)).toEqual(['2024-03-28T10:00:00.000Z', '2024-03-28T10:00:00.000Z']);
  });

  it("counts the receiver's own earlier referral of the same referral", () => {
    const bReferral = referral({ force: B, occurredAt: '2024-03-28', receivedAt: '2024-03-30T09:00:00.000Z' });
    expect(receivedDates(rows(aReferral, aToB, bReferral))).toEqual({ [A]: '2024-03-28', [B]: '2024-03-30' });
  });
});
