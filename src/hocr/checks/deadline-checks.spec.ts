import fc from 'fast-check';
import type { HocrEvent } from '../event-types';
import { cancel, crime, FIXTURE_FORCE, location, referral, rg, cg, stored, transfer } from '../fixtures';
import { fold } from '../fold';
import { rgDueDate } from '../time';
import type { CheckId, FindingSpec } from './finding';
import { crimeObligation, factsReceivedBy, noObligationRemoved, obligationRuns } from './deadline-checks';
import { findingStatus } from './finding';
import { checkById } from './registry';

const run = (id: CheckId, ...events: HocrEvent[]): FindingSpec[] => checkById(id).run(fold(stored(...events)), { force: FIXTURE_FORCE });

describe('MS-03 no RG decision 5 working days after the referral date', () => {
  // referral date (London) → due date → dueAt (00:00 London the day after the due date)
  it.each([
    ['a Monday: the next Monday', '2024-06-03', '2024-06-10', '2024-06-10T23:00:00.000Z'],
    ['a Friday: over one weekend', '2024-06-07', '2024-06-14', '2024-06-14T23:00:00.000Z'],
    ['a Saturday: day 0 is the Saturday itself', '2024-06-08', '2024-06-14', '2024-06-14T23:00:00.000Z'],
    ['a Sunday', '2024-06-09', '2024-06-14', '2024-06-14T23:00:00.000Z'],
    ['before Easter 2024 (Good Friday, Easter Monday, across the clock change)', '2024-03-28', '2024-04-08', '2024-04-08T23:00:00.000Z'],
    ['2020-12-23: Christmas, Boxing Day substitute 2020-12-28, New Year', '2020-12-23', '2021-01-04', '2021-01-05T00:00:00.000Z'],
    ['2021-12-23: substitutes 2021-12-27/28 and 2022-01-03', '2021-12-23', '2022-01-04', '2022-01-05T00:00:00.000Z'],
    ['2020-05-04: the one-off VE Day holiday 2020-05-08', '2020-05-04', '2020-05-12', '2020-05-12T23:00:00.000Z'],
    ['2022-05-30: the one-off Jubilee holidays 2022-06-02/03', '2022-05-30', '2022-06-08', '2022-06-08T23:00:00.000Z'],
    ['2022-09-13: the one-off state funeral 2022-09-19', '2022-09-13', '2022-09-21', '2022-09-21T23:00:00.000Z'],
    ['2023-05-03: the one-off coronation holiday 2023-05-08', '2023-05-03', '2023-05-11', '2023-05-11T23:00:00.000Z'],
  ])('a referral dated %s is due %s', (_n, referralDate, dueDate, dueAt) => {
    expect(rgDueDate(referralDate)).toBe(dueDate);
    const found = run('MS-03', referral({ eventId: 'r', occurredAt: referralDate }));
    expect(found).toEqual([
      { check: 'MS-03', severity: 'warning', dueAt, resolvedAt: null, evidence: ['r'], message: expect.stringContaining(dueDate) },
    ]);
  });

  const ref = () => referral({ eventId: 'r', occurredAt: '2024-06-03', receivedAt: '2024-06-03T10:00:00Z' });
  it.each([
    ['received on the referral day', '2024-06-03T15:00:00Z'],
    ['received at 23:59:59 London on the due date', '2024-06-10T22:59:59Z'],
    ['received at 00:00 London the day after (an empty interval)', '2024-06-10T23:00:00Z'],
  ])('raises nothing for a decision %s', (_n, receivedAt) => {
    expect(run('MS-03', ref(), rg('NEGATIVE', { occurredAt: '2024-06-03', receivedAt }))).toEqual([]);
  });

  it('resolves at the receipt of the first RG decision received, whatever its outcome', () => {
    const found = run(
      'MS-03',
      ref(),
      rg('NEGATIVE', { eventId: 'rgA', occurredAt: '2024-06-11', receivedAt: '2024-06-12T08:00:00Z' }),
      rg('POSITIVE', { eventId: 'rgB', occurredAt: '2024-06-12', receivedAt: '2024-06-11T09:00:00Z', reconsideration: true }),
    );
    expect(found).toEqual([
      expect.objectContaining({ dueAt: '2024-06-10T23:00:00.000Z', resolvedAt: '2024-06-11T09:00:00.000Z', evidence: ['r', 'rgB'] }),
    ]);
  });

  it('goes not-due → open → resolved on the clock', () => {
    const [f] = run('MS-03', ref(), rg('POSITIVE', { occurredAt: '2024-06-11', receivedAt: '2024-06-11T09:00:00Z' }));
    expect(
      ['2024-06-10T22:59:59.999Z', '2024-06-10T23:00:00.000Z', '2024-06-11T08:59:59.999Z', '2024-06-11T09:00:00.000Z'].map((t) =>
        findingStatus(f, t),
      ),
    ).toEqual(['not-due', 'open', 'open', 'resolved']);
  });

  it.each([
    ['no referral (MS-09 covers it)', [rg('POSITIVE', { occurredAt: '2024-06-20' })]],
    ['a DtN referral (no NRM decision is made)', [referral({ referralType: 'DTN', victim: { ageGroup: 'ADULT', ageDisputed: false } })]],
    [
      'a transfer away before the due date',
      [ref(), transfer('E23000001', { occurredAt: '2024-06-05', receivedAt: '2024-06-05T10:00:00Z' })],
    ],
    ['a cancellation before the due date', [ref(), cancel({ occurredAt: '2024-06-05', receivedAt: '2024-06-05T10:00:00Z' })]],
  ])('raises nothing for %s', (_n, events) => {
    expect(run('MS-03', ...events)).toEqual([]);
  });

  it('is resolved by a transfer away after the due date', () => {
    const found = run('MS-03', ref(), transfer('E23000001', { occurredAt: '2024-06-12', receivedAt: '2024-06-12T10:00:00Z' }));
    expect(found).toEqual([expect.objectContaining({ dueAt: '2024-06-10T23:00:00.000Z', resolvedAt: '2024-06-12T10:00:00.000Z' })]);
  });
});

describe('MS-04 crime required after a positive RG', () => {
  const nrm = () => referral({ eventId: 'r', occurredAt: '2024-06-03', receivedAt: '2024-06-03T10:00:00Z' });
  const pos = (over: Record<string, unknown> = {}) =>
    rg('POSITIVE', { eventId: 'rg', occurredAt: '2024-06-07', receivedAt: '2024-06-07T10:00:00Z', ...over });
  const DUE = '2024-06-08T10:00:00.000Z';

  it.each([
    ['a crime recorded within the hour', [crime({ occurredAt: '2024-06-07T11:00:00Z', receivedAt: '2024-06-07T11:00:00Z' })]],
    ['a crime recorded exactly 24 hours later', [crime({ occurredAt: '2024-06-08T10:00:00Z', receivedAt: '2024-06-08T12:00:00Z' })]],
    ['a crime recorded before the RG decision', [crime({ occurredAt: '2024-06-05T09:00:00Z' })]],
    [
      'a date-only crime received the morning after (recorded by then)',
      [crime({ occurredAt: '2024-06-08', receivedAt: '2024-06-08T08:00:00Z' })],
    ],
    ['a negative RG', []],
    ['location outside England and Wales', [location('OUTSIDE_ENGLAND_AND_WALES', { occurredAt: '2024-06-05' })]],
    [
      'a transfer away within 24 hours',
      [transfer('E23000001', { occurredAt: '2024-06-07T12:00:00Z', receivedAt: '2024-06-07T12:00:00Z' })],
    ],
    ['a cancellation within 24 hours', [cancel({ occurredAt: '2024-06-07T12:00:00Z', receivedAt: '2024-06-07T12:00:00Z' })]],
  ])('raises nothing with %s', (name, extra) => {
    const decision = name === 'a negative RG' ? rg('NEGATIVE', { occurredAt: '2024-06-07', receivedAt: '2024-06-07T10:00:00Z' }) : pos();
    expect(run('MS-04', nrm(), decision, ...extra)).toEqual([]);
  });

  it('is open from 24 hours after the RG receipt while no crime is recorded', () => {
    expect(run('MS-04', nrm(), pos())).toEqual([
      expect.objectContaining({ check: 'MS-04', severity: 'error', dueAt: DUE, resolvedAt: null, evidence: ['rg'] }),
    ]);
  });

  it.each([
    [
      'a date-time crime: when it was recorded',
      { eventId: 'c', occurredAt: '2024-06-09T09:00:00Z', receivedAt: '2024-06-09T09:05:00Z' },
      '2024-06-09T09:00:00.000Z',
    ],
    [
      'a date-only crime received days later: the end of that London day',
      { eventId: 'c', occurredAt: '2024-06-08', receivedAt: '2024-06-10T09:00:00Z' },
      '2024-06-08T23:00:00.000Z',
    ],
    [
      'a crime stated after its receipt: the receipt',
      { eventId: 'c', occurredAt: '2024-06-09T12:00:00Z', receivedAt: '2024-06-09T11:00:00Z' },
      '2024-06-09T11:00:00.000Z',
    ],
  ])('resolves at the crime recording for %s', (_n, c, resolvedAt) => {
    expect(run('MS-04', nrm(), pos(), crime(c))).toEqual([expect.objectContaining({ dueAt: DUE, resolvedAt, evidence: ['rg', 'c'] })]);
  });

  it('measures from the first positive received in the last run of positive decisions', () => {
    const found = run(
      'MS-04',
      nrm(),
      rg('POSITIVE', { eventId: 'p0', occurredAt: '2024-06-04', receivedAt: '2024-06-04T10:00:00Z' }),
      rg('NEGATIVE', { eventId: 'n1', occurredAt: '2024-06-05', receivedAt: '2024-06-05T10:00:00Z', reconsideration: true }),
      rg('POSITIVE', { eventId: 'p1', occurredAt: '2024-06-07', receivedAt: '2024-06-07T10:00:00Z', reconsideration: true }),
      rg('POSITIVE', { eventId: 'p2', occurredAt: '2024-06-09', receivedAt: '2024-06-09T10:00:00Z' }),
    );
    expect(found).toEqual([expect.objectContaining({ dueAt: DUE, evidence: ['p1'] })]);
  });

  it.each([
    ['a transfer away', transfer('E23000001', { occurredAt: '2024-06-09', receivedAt: '2024-06-09T10:00:00Z' })],
    ['a cancellation', cancel({ occurredAt: '2024-06-09', receivedAt: '2024-06-09T10:00:00Z' })],
  ])('is resolved by %s after the deadline', (_n, e) => {
    expect(run('MS-04', nrm(), pos(), e)).toEqual([expect.objectContaining({ dueAt: DUE, resolvedAt: '2024-06-09T10:00:00.000Z' })]);
  });

  it('keeps the earlier crime when the cancellation comes after it', () => {
    const found = run(
      'MS-04',
      nrm(),
      pos(),
      crime({ occurredAt: '2024-06-09T09:00:00Z' }),
      cancel({ occurredAt: '2024-06-20', receivedAt: '2024-06-20T10:00:00Z' }),
    );
    expect(found).toEqual([expect.objectContaining({ resolvedAt: '2024-06-09T09:00:00.000Z' })]);
  });

  it('gives the receiving force 24 hours from the transfer in', () => {
    const incoming = transfer(FIXTURE_FORCE, {
      eventId: 'in',
      force: 'E23000001',
      occurredAt: '2024-06-10',
      receivedAt: '2024-06-10T09:00:00Z',
    });
    const held = { force: FIXTURE_FORCE, heldFrom: '2024-06-10T09:00:00.000Z' };
    expect(checkById('MS-04').run(fold(stored(nrm(), pos(), incoming)), held)).toEqual([
      expect.objectContaining({ dueAt: '2024-06-11T09:00:00.000Z', resolvedAt: null }),
    ]);
    // withdrawn there later: still measured from the transfer in (the facts just before the withdrawal)
    const negative = rg('NEGATIVE', {
      eventId: 'neg',
      occurredAt: '2024-07-01',
      receivedAt: '2024-07-01T10:00:00Z',
      reconsideration: true,
    });
    expect(checkById('MS-04').run(fold(stored(nrm(), pos(), incoming, negative)), held)).toEqual([
      expect.objectContaining({ dueAt: '2024-06-11T09:00:00.000Z', resolvedAt: '2024-07-01T10:00:00.000Z', evidence: ['rg', 'neg'] }),
    ]);
  });

  it('measures an obligation that came back from the receipt that brought it back, so runs never overlap', () => {
    const found = run(
      'MS-04',
      nrm(),
      pos(),
      location('OUTSIDE_ENGLAND_AND_WALES', { eventId: 'out', occurredAt: '2024-06-20', receivedAt: '2024-06-20T10:00:00Z' }),
      location('ENGLAND_AND_WALES', { eventId: 'ew', occurredAt: '2024-07-01', receivedAt: '2024-07-01T10:00:00Z' }),
    );
    expect(found).toEqual([
      expect.objectContaining({ dueAt: DUE, resolvedAt: '2024-06-20T10:00:00.000Z', evidence: ['rg', 'out'] }),
      expect.objectContaining({ dueAt: '2024-07-02T10:00:00.000Z', resolvedAt: null, evidence: ['rg'] }),
    ]);
  });

  describe('a breach whose obligation a later receipt removed is kept, withdrawn at that receipt (decision 27)', () => {
    const negative = (receivedAt: string) =>
      rg('NEGATIVE', { eventId: 'neg', occurredAt: receivedAt.slice(0, 10), receivedAt, reconsideration: true });
    const outside = (receivedAt: string) =>
      location('OUTSIDE_ENGLAND_AND_WALES', { eventId: 'out', occurredAt: receivedAt.slice(0, 10), receivedAt });

    it.each([
      ['an RG reconsidered negative', negative('2024-06-20T09:00:00Z'), 'neg', 'RG_NEGATIVE_EW'],
      ['a location found outside England and Wales', outside('2024-06-20T09:00:00Z'), 'out', 'OUTSIDE_EW_RG_POSITIVE'],
    ])('%s weeks later', (_n, later, id, rule) => {
      const [f] = run('MS-04', nrm(), pos(), later);
      expect(f).toEqual(expect.objectContaining({ dueAt: DUE, resolvedAt: '2024-06-20T09:00:00.000Z', evidence: ['rg', id] }));
      expect(f.message).toContain(`withdrawn at 2024-06-20T09:00:00.000Z, when an event received then put the record under rule ${rule}`);
      // the same finding, whatever order the events arrive in
      expect(run('MS-04', later, pos(), nrm())).toEqual([f]);
    });

    it('raises nothing when the obligation went within the 24 hours', () => {
      expect(run('MS-04', nrm(), pos(), negative('2024-06-08T10:00:00Z'))).toEqual([]);
      expect(run('MS-04', nrm(), pos(), outside('2024-06-07T18:00:00Z'))).toEqual([]);
    });

    it('keeps a crime recorded late but before the withdrawal as the cure', () => {
      const found = run(
        'MS-04',
        nrm(),
        pos(),
        crime({ eventId: 'c', occurredAt: '2024-06-09T09:00:00Z' }),
        negative('2024-06-20T09:00:00Z'),
      );
      expect(found).toEqual([expect.objectContaining({ dueAt: DUE, resolvedAt: '2024-06-09T09:00:00.000Z', evidence: ['rg', 'c'] })]);
    });

    it('judges by receipt: a negative dated before the positive but received after it does not withdraw', () => {
      const found = run('MS-04', nrm(), pos(), rg('NEGATIVE', { occurredAt: '2024-06-05', receivedAt: '2024-06-20T09:00:00Z' }));
      expect(found).toEqual([expect.objectContaining({ dueAt: DUE, resolvedAt: null, evidence: ['rg'] })]);
    });

    it('gives one finding per run of the obligation: positive, withdrawn, positive again', () => {
      const found = run(
        'MS-04',
        nrm(),
        pos(),
        negative('2024-06-20T09:00:00Z'),
        rg('POSITIVE', { eventId: 'again', occurredAt: '2024-07-01', receivedAt: '2024-07-01T09:00:00Z', reconsideration: true }),
      );
      expect(found).toEqual([
        expect.objectContaining({ dueAt: DUE, resolvedAt: '2024-06-20T09:00:00.000Z', evidence: ['rg', 'neg'] }),
        expect.objectContaining({ dueAt: '2024-07-02T09:00:00.000Z', resolvedAt: null, evidence: ['again'] }),
      ]);
    });

    it('a cancellation before the withdrawal resolves it first', () => {
      const found = run(
        'MS-04',
        nrm(),
        pos(),
        cancel({ occurredAt: '2024-06-10', receivedAt: '2024-06-10T10:00:00Z' }),
        negative('2024-06-20T09:00:00Z'),
      );
      expect(found).toEqual([expect.objectContaining({ dueAt: DUE, resolvedAt: '2024-06-10T10:00:00.000Z' })]);
    });
  });

  it('does not apply to a police referral (MS-05 does)', () => {
    expect(
      run(
        'MS-04',
        referral({ source: 'POLICE_REFERRAL', firstResponder: { type: 'POLICE', organisation: 'West Yorkshire Police' } }),
        pos(),
      ),
    ).toEqual([]);
  });
});

describe('the runs of a crime obligation, by receipt', () => {
  const police = { source: 'POLICE_REFERRAL', firstResponder: { type: 'POLICE', organisation: 'West Yorkshire Police' } };
  const pool: HocrEvent[] = [
    referral({ eventId: 'r', occurredAt: '2024-06-03', receivedAt: '2024-06-03T10:00:00Z' }),
    referral({ eventId: 'rp', occurredAt: '2024-06-02', receivedAt: '2024-06-12T10:00:00Z', ...police }),
    rg('POSITIVE', { eventId: 'p1', occurredAt: '2024-06-07', receivedAt: '2024-06-07T10:00:00Z' }),
    rg('NEGATIVE', { eventId: 'n1', occurredAt: '2024-06-09', receivedAt: '2024-06-10T10:00:00Z' }),
    rg('NEGATIVE', { eventId: 'n0', occurredAt: '2024-06-04', receivedAt: '2024-06-05T10:00:00Z' }),
    rg('POSITIVE', { eventId: 'p2', occurredAt: '2024-06-20', receivedAt: '2024-06-20T10:00:00Z', reconsideration: true }),
    location('OUTSIDE_ENGLAND_AND_WALES', { eventId: 'o', occurredAt: '2024-06-14', receivedAt: '2024-06-14T10:00:00Z' }),
    location('ENGLAND_AND_WALES', { eventId: 'e', occurredAt: '2024-06-25', receivedAt: '2024-06-25T10:00:00Z' }),
  ];

  it('factsReceivedBy derives what the fold of the events received by then derives (the fields a crime obligation reads)', () => {
    const withTransfer = [...pool, transfer('E23000001', { eventId: 't', occurredAt: '2024-06-15', receivedAt: '2024-06-15T10:00:00Z' })];
    const times = withTransfer.map((e) => new Date(e.receivedAt as string).toISOString());
    const seen = (f: ReturnType<typeof fold>) => ({
      referral: f.referral?.eventId ?? null,
      referrals: f.referrals.map((r) => r.eventId),
      referralReceivedAt: f.referralReceivedAt,
      referralDate: f.referralDate,
      rg: f.rg?.eventId ?? null,
      rgDecisions: f.rgDecisions.map((d) => d.eventId),
      criminalityLocation: f.criminalityLocation,
      criminalityLocationSource: f.criminalityLocationSource,
      transfers: f.transfers.map((t) => t.eventId),
      obligation: crimeObligation(f),
    });
    fc.assert(
      fc.property(fc.subarray(withTransfer, { minLength: 1 }), fc.constantFrom(...times), fc.boolean(), (events, t, before) => {
        const all = stored(...events);
        const known = all.filter((e) => (before ? e.receivedAt < t : e.receivedAt <= t));
        fc.pre(known.length > 0);
        expect(seen(factsReceivedBy(fold(all), t, before))).toEqual(seen(fold(known)));
      }),
      { numRuns: 300 },
    );
  });

  it('ends with the current obligation, and the shortcut (one run) holds whenever it is taken', () => {
    let shortcuts = 0;
    fc.assert(
      fc.property(fc.subarray(pool, { minLength: 1 }), (events) => {
        const f = fold(stored(...events));
        const runs = [...obligationRuns(f)].flatMap(([rule, list]) => list.map((r) => ({ rule, ...r })));
        expect(runs.filter((r) => r.withdrawnBy === null)).toEqual([expect.objectContaining({ rule: crimeObligation(f), facts: f })]);
        if (noObligationRemoved(f)) {
          shortcuts++;
          expect(runs.filter((r) => r.rule === 'RG_POSITIVE_EW' || r.rule === 'POLICE_REFERRAL_EW')).toHaveLength(
            ['RG_POSITIVE_EW', 'POLICE_REFERRAL_EW'].includes(crimeObligation(f)) ? 1 : 0,
          );
        }
      }),
      { numRuns: 256 },
    );
    expect(shortcuts).toBeGreaterThan(10);
  });
});

describe('MS-05 crime required for a police referral, direct report or police DtN', () => {
  const R = '2024-06-03T10:00:00Z';
  const DUE = '2024-06-04T10:00:00.000Z';
  const police = { type: 'POLICE', organisation: 'West Yorkshire Police' };
  const routes: [string, Record<string, unknown>][] = [
    ['a police referral', { source: 'POLICE_REFERRAL', firstResponder: police }],
    ['a direct report', { source: 'DIRECT_REPORT', firstResponder: police }],
    [
      'a police DtN',
      { referralType: 'DTN', source: 'COMPETENT_AUTHORITY', firstResponder: police, victim: { ageGroup: 'ADULT', ageDisputed: false } },
    ],
  ];

  it.each(routes)('is open from 24 hours after receipt of %s with no crime', (_n, over) => {
    expect(run('MS-05', referral({ eventId: 'r', receivedAt: R, ...over }))).toEqual([
      expect.objectContaining({ check: 'MS-05', severity: 'error', dueAt: DUE, resolvedAt: null, evidence: ['r'] }),
    ]);
  });

  it.each(routes)('raises nothing for %s with the crime recorded within the hour', (_n, over) => {
    expect(run('MS-05', referral({ receivedAt: R, ...over }), crime({ occurredAt: '2024-06-03T10:45:00Z' }))).toEqual([]);
  });

  it('raises nothing when the crime was recorded before the referral was received', () => {
    expect(run('MS-05', referral({ receivedAt: R, ...routes[0][1] }), crime({ occurredAt: '2024-06-02T20:00:00Z' }))).toEqual([]);
  });

  it('resolves at the late crime recording', () => {
    expect(
      run('MS-05', referral({ eventId: 'r', receivedAt: R, ...routes[1][1] }), crime({ eventId: 'c', occurredAt: '2024-06-05T08:00:00Z' })),
    ).toEqual([expect.objectContaining({ dueAt: DUE, resolvedAt: '2024-06-05T08:00:00.000Z', evidence: ['r', 'c'] })]);
  });

  it.each([
    ['an NRM referral from the competent authority made by another police force', [referral({ receivedAt: R, firstResponder: police })]],
    [
      'a police referral with the criminality outside England and Wales',
      [referral({ receivedAt: R, ...routes[0][1], exploitationLocation: 'OVERSEAS' })],
    ],
  ])('does not apply to %s', (_n, events) => {
    expect(run('MS-05', ...events)).toEqual([]);
  });

  it('keeps the breach, withdrawn, when the criminality is later found outside England and Wales', () => {
    const found = run(
      'MS-05',
      referral({ eventId: 'r', receivedAt: R, ...routes[0][1] }),
      location('OUTSIDE_ENGLAND_AND_WALES', { eventId: 'out', occurredAt: '2024-06-10', receivedAt: '2024-06-10T09:00:00Z' }),
    );
    expect(found).toEqual([expect.objectContaining({ dueAt: DUE, resolvedAt: '2024-06-10T09:00:00.000Z', evidence: ['r', 'out'] })]);
    expect(
      run(
        'MS-05',
        referral({ receivedAt: R, ...routes[0][1] }),
        location('OUTSIDE_ENGLAND_AND_WALES', { occurredAt: '2024-06-03', receivedAt: '2024-06-04T09:00:00Z' }),
      ),
    ).toEqual([]);
  });

  it('is not cured by a CRN on the referral alone: only CRIME_RECORDED records the crime', () => {
    expect(run('MS-05', referral({ receivedAt: R, ...routes[0][1], crimeReference: '13/9/24' }))).toEqual([
      expect.objectContaining({ dueAt: DUE, resolvedAt: null }),
    ]);
  });
});

describe('MS-09 decision or transfer with no referral within 24 hours', () => {
  const decision = () => rg('POSITIVE', { eventId: 'd', occurredAt: '2024-06-07', receivedAt: '2024-06-07T10:00:00Z' });
  it('is open from 24 hours after the first decision received while no referral has arrived', () => {
    expect(run('MS-09', decision())).toEqual([
      expect.objectContaining({ check: 'MS-09', severity: 'error', dueAt: '2024-06-08T10:00:00.000Z', resolvedAt: null, evidence: ['d'] }),
    ]);
  });

  it('counts a transfer or a CG decision as the first event', () => {
    expect(
      run(
        'MS-09',
        cg('POSITIVE', { eventId: 'c', receivedAt: '2024-08-01T10:00:00Z' }),
        transfer('E23000001', { eventId: 't', receivedAt: '2024-07-01T10:00:00Z' }),
      ),
    ).toEqual([expect.objectContaining({ dueAt: '2024-07-02T10:00:00.000Z', evidence: ['t'] })]);
  });

  it('resolves when the referral is received late', () => {
    expect(run('MS-09', decision(), referral({ eventId: 'r', receivedAt: '2024-06-09T12:00:00Z' }))).toEqual([
      expect.objectContaining({ dueAt: '2024-06-08T10:00:00.000Z', resolvedAt: '2024-06-09T12:00:00.000Z', evidence: ['d', 'r'] }),
    ]);
  });

  it.each([
    ['the referral received within 24 hours', '2024-06-08T09:00:00Z'],
    ['the referral received before the decision', '2024-06-03T10:00:00Z'],
  ])('raises nothing with %s', (_n, receivedAt) => {
    expect(run('MS-09', decision(), referral({ receivedAt }))).toEqual([]);
  });

  it('raises nothing for a referral alone', () => {
    expect(run('MS-09', referral())).toEqual([]);
  });
});

describe('MS-10 criminality location still unknown 30 days after the referral', () => {
  const unknown = () =>
    referral({ eventId: 'r', occurredAt: '2024-06-03', receivedAt: '2024-06-03T10:00:00Z', exploitationLocation: 'UNKNOWN' });
  const DUE = '2024-07-02T23:00:00.000Z'; // 00:00 London on 2024-07-03

  it('is open from 00:00 London on the referral date + 30 days', () => {
    expect(run('MS-10', unknown())).toEqual([
      expect.objectContaining({ check: 'MS-10', severity: 'warning', dueAt: DUE, resolvedAt: null, evidence: ['r'] }),
    ]);
  });

  it.each([
    ['a location known on the referral', [referral({ exploitationLocation: 'BOTH' })]],
    ['a location stated outside England and Wales on the referral', [referral({ exploitationLocation: 'OVERSEAS' })]],
    [
      'a determination within 30 days',
      [unknown(), location('ENGLAND_AND_WALES', { occurredAt: '2024-06-20', receivedAt: '2024-06-20T10:00:00Z' })],
    ],
    [
      'a determination in the last minute',
      [unknown(), location('OUTSIDE_ENGLAND_AND_WALES', { occurredAt: '2024-07-02', receivedAt: '2024-07-02T22:59:00Z' })],
    ],
    ['no referral', [location('UNKNOWN')]],
  ])('raises nothing with %s', (_n, events) => {
    expect(run('MS-10', ...events)).toEqual([]);
  });

  it('resolves at the first determination received that named a location', () => {
    const found = run(
      'MS-10',
      unknown(),
      location('UNKNOWN', { eventId: 'l0', occurredAt: '2024-07-05', receivedAt: '2024-07-05T10:00:00Z' }),
      location('OUTSIDE_ENGLAND_AND_WALES', { eventId: 'l1', occurredAt: '2024-07-10', receivedAt: '2024-07-10T09:00:00Z' }),
      location('ENGLAND_AND_WALES', { eventId: 'l2', occurredAt: '2024-07-15', receivedAt: '2024-07-15T09:00:00Z' }),
    );
    expect(found).toEqual([
      expect.objectContaining({ dueAt: DUE, resolvedAt: '2024-07-10T09:00:00.000Z', evidence: ['r', 'l0', 'l1', 'l2'] }),
    ]);
  });

  it('stays open when the latest determination is UNKNOWN again', () => {
    const found = run(
      'MS-10',
      unknown(),
      location('ENGLAND_AND_WALES', { occurredAt: '2024-07-10', receivedAt: '2024-07-10T09:00:00Z' }),
      location('UNKNOWN', { occurredAt: '2024-07-12', receivedAt: '2024-07-12T09:00:00Z' }),
    );
    expect(found).toEqual([expect.objectContaining({ dueAt: DUE, resolvedAt: null })]);
  });

  it('is resolved by a transfer away after the due date', () => {
    expect(run('MS-10', unknown(), transfer('E23000001', { occurredAt: '2024-07-08', receivedAt: '2024-07-08T10:00:00Z' }))).toEqual([
      expect.objectContaining({ resolvedAt: '2024-07-08T10:00:00.000Z' }),
    ]);
  });
});
