import type { HocrEvent } from '../hocr/event-types';
import { evaluateChecks } from '../hocr/checks';
import { FIXTURE_FORCE, FIXTURE_REF, referral, rg, transfer } from '../hocr/fixtures';
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

describe('refoldReferral: a decision carried by a transfer is judged for the force that held the referral (MS-12)', () => {
  // West Yorkshire was a 2015–2019 SSL pilot force; the Met was not
  const ssl = rg('POSITIVE', { eventId: 'ssl', decisionMaker: 'SSL', occurredAt: '2018-05-01', receivedAt: '2018-05-01T12:00:00.000Z' });
  const events = [
    referral({ occurredAt: '2018-04-20', receivedAt: '2018-04-20T10:00:00.000Z' }),
    ssl,
    transfer(B, { eventId: 'to-met', occurredAt: '2024-06-12', receivedAt: '2024-06-12T10:00:00.000Z' }),
  ];

  it("names the sender of each carried event, and none of the record's own", () => {
    const [a, b] = refoldReferral(FIXTURE_REF, rows(...events)).sort((x, y) => (x.force === A ? -1 : y.force === A ? 1 : 0));
    expect(a.carriedFrom.size).toBe(0);
    expect(b.carriedFrom.get('ssl')).toBe(A);
  });

  it('raises no MS-12 at the receiving force for a pilot decision made while the sender held the referral', () => {
    for (const s of refoldReferral(FIXTURE_REF, rows(...events))) {
      const findings = evaluateChecks(s.facts, { force: s.force, carriedFrom: s.carriedFrom }).filter((f) => f.check === 'MS-12');
      expect([s.force, findings]).toEqual([s.force, []]);
    }
    // without the sender named, the Met's record would be judged as the Met's own decision
    const met = refoldReferral(FIXTURE_REF, rows(...events)).find((s) => s.force === B)!;
    expect(evaluateChecks(met.facts, { force: B }).filter((f) => f.check === 'MS-12')).toHaveLength(1);
  });
});
