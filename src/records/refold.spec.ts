import type { HocrEvent } from '../hocr/event-types';
import { evaluateChecks } from '../hocr/checks';
import { FIXTURE_FORCE, FIXTURE_REF, referral, rg, transfer } from '../hocr/fixtures';
import { londonDate } from '../hocr/time';
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

describe("refoldReferral: a receiving force's record is created when the force records it (MS-02)", () => {
  const aReferral = referral({
    eventId: 'a-ref',
    occurredAt: '2024-03-28',
    receivedAt: '2024-03-28T10:00:00.000Z',
    recordedAt: '2024-03-28T11:00:00.000Z',
  });
  const aToB = transfer(B, { eventId: 'a-to-b', occurredAt: '2024-04-02', receivedAt: '2024-04-02T09:00:00.000Z' });
  const ms02 = (s: ReturnType<typeof refoldReferral>[number]) =>
    evaluateChecks(s.facts, { force: s.force, carriedFrom: s.carriedFrom, heldFrom: s.heldFrom }).filter((f) => f.check === 'MS-02');
  const byForce = (rs: EventRow[]) => Object.fromEntries(refoldReferral(FIXTURE_REF, rs).map((s) => [s.force, s]));

  it('flags a receiving force that recorded the referral more than 24 hours after the transfer in', () => {
    const bLate = referral({
      force: B,
      eventId: 'b-ref',
      occurredAt: '2024-03-28',
      receivedAt: '2024-04-02T09:30:00.000Z',
      recordedAt: '2024-04-04T12:00:00.000Z',
    });
    const { [A]: a, [B]: b } = byForce(rows(aReferral, aToB, bLate));
    expect(a.recordedAt).toBe('2024-03-28T11:00:00.000Z');
    expect(b.recordedAt).toBe('2024-04-04T12:00:00.000Z');
    expect(ms02(a)).toEqual([]);
    expect(ms02(b)).toEqual([
      expect.objectContaining({ dueAt: '2024-04-03T09:00:00.000Z', resolvedAt: '2024-04-04T12:00:00.000Z', evidence: ['b-ref'] }),
    ]);
  });

  it('raises nothing at a receiving force that recorded it within 24 hours, or sent no referral of its own', () => {
    const bOnTime = referral({
      force: B,
      eventId: 'b-ref',
      occurredAt: '2024-03-28',
      receivedAt: '2024-04-02T09:30:00.000Z',
      recordedAt: '2024-04-03T08:00:00.000Z',
    });
    expect(ms02(byForce(rows(aReferral, aToB, bOnTime))[B])).toEqual([]);
    // stored long after (a history load): the record is the sender's, as carried
    const stale = rows(aReferral, aToB).map((r) => ({ ...r, storedAt: '2026-11-23T09:00:00.000Z' }));
    const b = byForce([{ ...stale[0], storedAt: stale[0].receivedAt }, stale[1]])[B];
    expect([b.recordedAt, ms02(b)]).toEqual(['2024-03-28T11:00:00.000Z', []]);
  });
});

describe('refoldReferral: only the transfers a force sent or received decide whether it holds the referral (SPEC §4)', () => {
  const codes = (rs: EventRow[]) => Object.fromEntries(refoldReferral(FIXTURE_REF, rs).map((s) => [s.force, s.classification.code]));
  const aReferral = referral({ occurredAt: '2024-06-03', receivedAt: '2024-06-03T09:00:00.000Z' });
  // A's system sends date-times; B's a date alone, which reads as 00:00 London, before A's transfer of that day
  const aToB = transfer(B, { eventId: 'a-to-b', occurredAt: '2024-06-05T10:00:00+01:00', receivedAt: '2024-06-05T09:00:00.000Z' });
  const bToC = transfer(C, { eventId: 'b-to-c', force: B, occurredAt: '2024-06-05', receivedAt: '2024-06-05T14:00:00.000Z' });

  it('a chain forwarded on the day it arrived: both senders N200/06, the last receiver holds it', () => {
    expect(codes(rows(aReferral, aToB, bToC))).toEqual({ [A]: 'N200/06', [B]: 'N200/06', [C]: 'N200/01' });
    expect(codes(rows(bToC, aReferral, aToB))).toEqual({ [A]: 'N200/06', [B]: 'N200/06', [C]: 'N200/01' });
  });

  it('sent back on the same day: the first force holds it again, the other is N200/06', () => {
    const bToA = transfer(A, { eventId: 'b-to-a', force: B, occurredAt: '2024-06-05', receivedAt: '2024-06-05T15:00:00.000Z' });
    expect(codes(rows(aReferral, aToB, bToA))).toEqual({ [A]: 'N200/01', [B]: 'N200/06' });
  });

  it("the end of a chain never shows the chain's earlier hop as its own transfer away, in its history either", () => {
    const atB = rg('NEGATIVE', { eventId: 'b-rg', force: B, occurredAt: '2024-06-07', receivedAt: '2024-06-07T12:00:00.000Z' });
    const onward = transfer(C, { eventId: 'b-to-c', force: B, occurredAt: '2024-06-10', receivedAt: '2024-06-10T09:00:00.000Z' });
    const plainAToB = transfer(B, { eventId: 'a-to-b', occurredAt: '2024-06-05', receivedAt: '2024-06-05T09:00:00.000Z' });
    const c = refoldReferral(FIXTURE_REF, rows(aReferral, plainAToB, atB, onward)).find((s) => s.force === C)!;
    expect(c.timeline.map((e) => [e.code, londonDate(e.validFrom), e.causedBy])).toEqual([
      ['N200/01', '2024-06-03', aReferral.eventId],
      ['N200/02', '2024-06-07', 'b-rg'],
    ]);
  });
});
