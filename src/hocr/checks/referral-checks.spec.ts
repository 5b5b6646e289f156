import fc from 'fast-check';
import type { HocrEvent } from '../event-types';
import { FIXTURE_FORCE, referral, stored } from '../fixtures';
import { fold } from '../fold';
import type { CheckId, FindingSpec } from './finding';
import { referralDifferences } from './referral-checks';
import { checkById } from './registry';

const run = (id: CheckId, ...events: HocrEvent[]): FindingSpec[] => checkById(id).run(fold(stored(...events)), { force: FIXTURE_FORCE });

const R0 = '2024-06-03T10:00:00Z';

describe('MS-01 referrals for one record disagree', () => {
  it('raises no finding when a second referral repeats the first (same content through another channel)', () => {
    expect(
      run('MS-01', referral({ eventId: 'r1', receivedAt: R0 }), referral({ eventId: 'r2', receivedAt: '2024-06-03T12:00:00Z' })),
    ).toEqual([]);
  });

  it('raises no finding for one referral', () => {
    expect(run('MS-01', referral({ receivedAt: R0 }))).toEqual([]);
  });

  it('is due when the force holds the disagreeing referral, names the fields, and stays open', () => {
    const [f] = run(
      'MS-01',
      referral({ eventId: 'r1', receivedAt: R0 }),
      referral({
        eventId: 'r2',
        receivedAt: '2024-06-04T09:00:00Z',
        victim: { ageGroup: 'CHILD', ageDisputed: false },
        source: 'DIRECT_REPORT',
      }),
    );
    expect(f).toMatchObject({
      check: 'MS-01',
      severity: 'error',
      dueAt: '2024-06-04T09:00:00.000Z',
      resolvedAt: null,
      evidence: ['r1', 'r2'],
    });
    expect(f.message).toContain('source, victim.ageGroup, victim.consentToNrm');
  });

  it('is due at the later receipt of the pair when the disagreeing referral was received first', () => {
    const [f] = run(
      'MS-01',
      referral({ eventId: 'r1', occurredAt: '2024-06-03', receivedAt: '2024-06-05T10:00:00Z' }),
      referral({ eventId: 'r2', occurredAt: '2024-06-04', receivedAt: '2024-06-04T10:00:00Z', exploitationTypes: ['SEXUAL'] }),
    );
    expect(f).toMatchObject({ dueAt: '2024-06-05T10:00:00.000Z', evidence: ['r1', 'r2'] });
    expect(f.message).toContain('occurredAt, exploitationTypes');
  });

  it('names exactly the fields the fold found (the two comparisons agree)', () => {
    const variants: Record<string, unknown>[] = [
      {},
      { occurredAt: '2024-06-04' },
      { referralType: 'DTN' },
      { source: 'POLICE_REFERRAL' },
      { firstResponder: { type: 'NGO', organisation: 'Leeds City Council' } },
      { firstResponder: { type: 'LOCAL_AUTHORITY', organisation: '  LEEDS   city council' } },
      { firstResponder: { type: 'LOCAL_AUTHORITY', organisation: 'Bradford Council' } },
      { victim: { ageGroup: 'UNKNOWN', ageDisputed: true } },
      { exploitationLocation: 'OVERSEAS' },
      { crimeReference: '13/1/24' },
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...variants), { minLength: 1, maxLength: 4 }), (vs) => {
        const f = fold(stored(...vs.map((v, i) => referral({ eventId: `r${i}`, receivedAt: R0, ...v }))));
        const union = new Set(f.referrals.slice(1).flatMap((r) => referralDifferences(f.referrals[0], r)));
        expect([...union].sort()).toEqual([...f.referralDisagreements].sort());
      }),
      { numRuns: 200 },
    );
  });
});

describe('MS-02 record created more than 24 hours after receipt', () => {
  it.each([
    ['created a minute after receipt (storage time)', undefined, null],
    ['created exactly 24 hours after receipt', '2024-06-04T10:00:00Z', null],
    ['created 23 hours after receipt', '2024-06-04T09:00:00Z', null],
    [
      'created 47 hours after receipt',
      '2024-06-05T09:00:00Z',
      { dueAt: '2024-06-04T10:00:00.000Z', resolvedAt: '2024-06-05T09:00:00.000Z' },
    ],
  ])('%s', (_name, recordedAt, expected) => {
    const found = run('MS-02', referral({ eventId: 'r', receivedAt: R0, ...(recordedAt ? { recordedAt } : {}) }));
    if (expected === null) expect(found).toEqual([]);
    else expect(found).toEqual([expect.objectContaining({ check: 'MS-02', severity: 'error', evidence: ['r'], ...expected })]);
  });

  it('measures from the earliest receipt and the earliest creation over the referral events', () => {
    const found = run(
      'MS-02',
      referral({ eventId: 'r1', receivedAt: '2024-06-03T10:00:00Z', recordedAt: '2024-06-06T10:00:00Z' }),
      referral({ eventId: 'r2', receivedAt: '2024-06-03T11:00:00Z', recordedAt: '2024-06-04T10:30:00Z' }),
    );
    expect(found).toEqual([expect.objectContaining({ dueAt: '2024-06-04T10:00:00.000Z', resolvedAt: '2024-06-04T10:30:00.000Z' })]);
  });
});

describe('MS-06 DtN referral for a child or an age-disputed person', () => {
  const dtn = (victim: Record<string, unknown>, over: Record<string, unknown> = {}) =>
    referral({ eventId: 'd', referralType: 'DTN', receivedAt: R0, victim, ...over });
  it.each([
    ['a DtN for a child', { ageGroup: 'CHILD', ageDisputed: false }, 'child'],
    ['a DtN for an age-disputed adult', { ageGroup: 'ADULT', ageDisputed: true }, 'age-disputed'],
    ['a DtN for an age-disputed person of unknown age', { ageGroup: 'UNKNOWN', ageDisputed: true }, 'age-disputed'],
  ])('raises an immediate finding for %s', (_n, victim, word) => {
    const [f] = run('MS-06', dtn(victim));
    expect(f).toMatchObject({ check: 'MS-06', severity: 'error', dueAt: '2024-06-03T10:00:00.000Z', resolvedAt: null, evidence: ['d'] });
    expect(f.message).toContain(word);
  });

  it.each([
    ['a DtN for an adult', dtn({ ageGroup: 'ADULT', ageDisputed: false })],
    ['a DtN for a person of unknown age, not disputed', dtn({ ageGroup: 'UNKNOWN', ageDisputed: false })],
    ['an NRM referral for a child', referral({ victim: { ageGroup: 'CHILD', ageDisputed: false } })],
  ])('raises nothing for %s', (_n, e) => {
    expect(run('MS-06', e)).toEqual([]);
  });
});

describe('MS-07 NRM referral of an adult with no recorded consent', () => {
  it.each([
    ['consent absent', { ageGroup: 'ADULT', ageDisputed: false }, 'no recorded consent'],
    ['consent recorded as refused', { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: false }, 'not consenting'],
  ])('raises a finding due at receipt when %s', (_n, victim, words) => {
    const [f] = run('MS-07', referral({ eventId: 'r', receivedAt: R0, victim }));
    expect(f).toMatchObject({ check: 'MS-07', severity: 'warning', dueAt: '2024-06-03T10:00:00.000Z', resolvedAt: null, evidence: ['r'] });
    expect(f.message).toContain(words);
  });

  it.each([
    ['an adult who consented', { victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true } }],
    ['a child (never needs consent)', { victim: { ageGroup: 'CHILD', ageDisputed: false } }],
    ['an age-disputed adult (presumed a child)', { victim: { ageGroup: 'ADULT', ageDisputed: true } }],
    ['a person of unknown age', { victim: { ageGroup: 'UNKNOWN', ageDisputed: false } }],
    ['a DtN for an adult', { referralType: 'DTN', victim: { ageGroup: 'ADULT', ageDisputed: false } }],
  ])('raises nothing for %s', (_n, over) => {
    expect(run('MS-07', referral({ receivedAt: R0, ...over }))).toEqual([]);
  });
});
