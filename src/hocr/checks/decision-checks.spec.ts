import type { HocrEvent } from '../event-types';
import { cancel, cg, FIXTURE_FORCE, referral, rg, stored } from '../fixtures';
import { fold } from '../fold';
import type { CheckId, FindingSpec } from './finding';
import { checkById } from './registry';

const runFor = (force: string, id: CheckId, ...events: HocrEvent[]): FindingSpec[] => checkById(id).run(fold(stored(...events)), { force });
const run = (id: CheckId, ...events: HocrEvent[]): FindingSpec[] => runFor(FIXTURE_FORCE, id, ...events);

describe('MS-08 CG decision before the recovery period ended', () => {
  // RG date, CG date, finding expected. 45 days for an RG before 2022-12-13, 30 days from then.
  it.each([
    ['RG 2022-12-12 (45 days, ends 2023-01-26), CG 2023-01-25', '2022-12-12', '2023-01-25', true],
    ['RG 2022-12-12 (45 days), CG 2023-01-26', '2022-12-12', '2023-01-26', false],
    ['RG 2022-12-12 (45 days), CG 2023-01-12 (would be fine under 30)', '2022-12-12', '2023-01-12', true],
    ['RG 2022-12-13 (30 days, ends 2023-01-12), CG 2023-01-11', '2022-12-13', '2023-01-11', true],
    ['RG 2022-12-13 (30 days), CG 2023-01-12', '2022-12-13', '2023-01-12', false],
    ['RG 2024-06-07 (30 days, ends 2024-07-07), CG 2024-07-06', '2024-06-07', '2024-07-06', true],
    ['RG 2024-06-07, CG 2024-08-01', '2024-06-07', '2024-08-01', false],
  ])('%s', (_n, rgDate, cgDate, expected) => {
    const found = run(
      'MS-08',
      referral({ occurredAt: '2022-12-01' }),
      rg('POSITIVE', { eventId: 'rg', occurredAt: rgDate }),
      cg('POSITIVE', { eventId: 'cg', occurredAt: cgDate, receivedAt: `${cgDate}T15:00:00Z` }),
    );
    if (!expected) expect(found).toEqual([]);
    else
      expect(found).toEqual([
        {
          check: 'MS-08',
          severity: 'warning',
          dueAt: `${cgDate}T15:00:00.000Z`,
          resolvedAt: null,
          evidence: ['cg', 'rg'],
          message: expect.stringContaining('recovery period'),
        },
      ]);
  });

  it('measures from the latest positive RG before the CG, and raises one finding per early CG', () => {
    const found = run(
      'MS-08',
      referral(),
      rg('NEGATIVE', { eventId: 'n', occurredAt: '2024-06-03' }),
      rg('POSITIVE', { eventId: 'p1', occurredAt: '2024-06-05', reconsideration: true }),
      cg('NEGATIVE', { eventId: 'c1', occurredAt: '2024-06-20', receivedAt: '2024-06-20T10:00:00Z' }),
      rg('POSITIVE', { eventId: 'p2', occurredAt: '2024-06-25' }),
      cg('POSITIVE', { eventId: 'c2', occurredAt: '2024-07-10', receivedAt: '2024-07-10T10:00:00Z', reconsideration: true }),
      cg('POSITIVE', { eventId: 'c3', occurredAt: '2024-07-30', receivedAt: '2024-07-30T10:00:00Z' }),
    );
    expect(found.map((f) => [f.evidence, f.dueAt])).toEqual([
      [['c1', 'p1'], '2024-06-20T10:00:00.000Z'],
      [['c2', 'p2'], '2024-07-10T10:00:00.000Z'],
    ]);
  });

  it('raises nothing for a CG made when the RG standing is a negative reconsideration of a positive', () => {
    const events = [
      referral({ occurredAt: '2023-12-20' }),
      rg('POSITIVE', { eventId: 'p', occurredAt: '2024-01-01' }),
      rg('NEGATIVE', { eventId: 'n', occurredAt: '2024-01-10', reconsideration: true }),
      cg('NEGATIVE', { eventId: 'c', occurredAt: '2024-01-15' }),
    ];
    expect(run('MS-08', ...events)).toEqual([]);
    // without the reconsideration, the CG is inside the positive RG's 30 days
    expect(run('MS-08', ...events.filter((e) => e.eventId !== 'n')).map((f) => f.evidence)).toEqual([['c', 'p']]);
  });

  it('raises nothing for a CG with no positive RG before it (not a recovery-period question)', () => {
    expect(run('MS-08', referral(), rg('NEGATIVE', { occurredAt: '2024-06-05' }), cg('NEGATIVE', { occurredAt: '2024-06-10' }))).toEqual(
      [],
    );
  });
});

describe('MS-11 decision recorded against a DtN referral', () => {
  const dtn = (over: Record<string, unknown> = {}) =>
    referral({
      eventId: 'd',
      referralType: 'DTN',
      victim: { ageGroup: 'ADULT', ageDisputed: false },
      receivedAt: '2024-06-03T10:00:00Z',
      ...over,
    });

  it('raises one finding per RG or CG decision, due at its receipt', () => {
    const found = run(
      'MS-11',
      dtn(),
      rg('POSITIVE', { eventId: 'rg', receivedAt: '2024-06-07T10:00:00Z' }),
      cg('POSITIVE', { eventId: 'cg', receivedAt: '2024-08-01T10:00:00Z' }),
    );
    expect(found).toEqual([
      expect.objectContaining({
        check: 'MS-11',
        severity: 'warning',
        dueAt: '2024-06-07T10:00:00.000Z',
        resolvedAt: null,
        evidence: ['rg', 'd'],
      }),
      expect.objectContaining({ dueAt: '2024-08-01T10:00:00.000Z', evidence: ['cg', 'd'] }),
    ]);
  });

  it('is due when the force has both, if the DtN referral arrives after the decision', () => {
    const found = run('MS-11', dtn({ receivedAt: '2024-06-09T10:00:00Z' }), rg('NEGATIVE', { receivedAt: '2024-06-07T10:00:00Z' }));
    expect(found).toEqual([expect.objectContaining({ dueAt: '2024-06-09T10:00:00.000Z' })]);
  });

  it.each([
    ['a DtN with no decision', [dtn()]],
    ['an NRM referral with decisions', [referral(), rg('POSITIVE'), cg('POSITIVE')]],
    ['decisions with no referral', [rg('POSITIVE')]],
  ])('raises nothing for %s', (_n, events) => {
    expect(run('MS-11', ...events)).toEqual([]);
  });
});

describe('MS-12 decision maker not valid on the decision date', () => {
  const WEST_YORKSHIRE = 'E23000010'; // a 2015–2019 pilot force
  const ESSEX = 'E23000028';
  const adult = { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true };
  const child = { ageGroup: 'CHILD', ageDisputed: false };

  it.each([
    ['SSL RG for West Yorkshire in 2018', WEST_YORKSHIRE, 'RG', 'SSL', '2018-05-01', adult, true],
    ['SSL RG for Essex in 2018', ESSEX, 'RG', 'SSL', '2018-05-01', adult, false],
    ['SSL RG for West Yorkshire on 2019-04-28', WEST_YORKSHIRE, 'RG', 'SSL', '2019-04-28', adult, true],
    ['SSL RG for West Yorkshire on 2019-04-29', WEST_YORKSHIRE, 'RG', 'SSL', '2019-04-29', adult, false],
    ['SSL RG before the pilot, 2015-07-30', WEST_YORKSHIRE, 'RG', 'SSL', '2015-07-30', adult, false],
    ['SSL making a CG', WEST_YORKSHIRE, 'CG', 'SSL', '2018-05-01', adult, false],
    ['MDP CG for West Yorkshire in 2018', WEST_YORKSHIRE, 'CG', 'MDP', '2018-05-01', adult, true],
    ['MDP CG for Essex in 2018', ESSEX, 'CG', 'MDP', '2018-05-01', adult, false],
    ['UKVI on 2019-04-28', ESSEX, 'RG', 'UKVI', '2019-04-28', adult, true],
    ['UKHTC on 2019-04-29', ESSEX, 'RG', 'UKHTC', '2019-04-29', adult, false],
    ['SCA on 2019-04-28', ESSEX, 'RG', 'SCA', '2019-04-28', adult, false],
    ['SCA on 2019-04-29', ESSEX, 'CG', 'SCA', '2019-04-29', adult, true],
    ['IECA on 2021-11-07', ESSEX, 'RG', 'IECA', '2021-11-07', adult, false],
    ['IECA on 2021-11-08', ESSEX, 'RG', 'IECA', '2021-11-08', adult, true],
    ['DEVOLVED_CHILD_PILOT for an adult', ESSEX, 'RG', 'DEVOLVED_CHILD_PILOT', '2023-06-01', adult, false],
    ['DEVOLVED_CHILD_PILOT for a child', ESSEX, 'CG', 'DEVOLVED_CHILD_PILOT', '2023-06-01', child, true],
    [
      'DEVOLVED_CHILD_PILOT for an age-disputed adult',
      ESSEX,
      'RG',
      'DEVOLVED_CHILD_PILOT',
      '2023-06-01',
      { ageGroup: 'ADULT', ageDisputed: true },
      true,
    ],
    ['DEVOLVED_CHILD_PILOT for a child before 2021-06-01', ESSEX, 'RG', 'DEVOLVED_CHILD_PILOT', '2021-05-31', child, false],
  ])('%s', (_n, force, stage, maker, date, victim, valid) => {
    const build = stage === 'RG' ? rg : cg;
    const found = runFor(
      force,
      'MS-12',
      referral({ force, occurredAt: '2015-01-05', victim }),
      build('POSITIVE', { eventId: 'd', force, decisionMaker: maker, occurredAt: date, receivedAt: `${date}T12:00:00Z` }),
    );
    if (valid) expect(found).toEqual([]);
    else
      expect(found).toEqual([
        {
          check: 'MS-12',
          severity: 'warning',
          dueAt: `${date}T12:00:00.000Z`,
          resolvedAt: null,
          evidence: ['d'],
          message: expect.stringContaining(maker),
        },
      ]);
  });

  it('raises one finding per invalid decision, with the validity reason', () => {
    const found = runFor(
      ESSEX,
      'MS-12',
      referral({ force: ESSEX, victim: adult }),
      rg('POSITIVE', { eventId: 'a', force: ESSEX, decisionMaker: 'SSL', occurredAt: '2024-06-07' }),
      cg('POSITIVE', { eventId: 'b', force: ESSEX, decisionMaker: 'SCA', occurredAt: '2024-08-01' }),
      cg('POSITIVE', { eventId: 'c', force: ESSEX, decisionMaker: 'UKVI', occurredAt: '2024-08-02', reconsideration: true }),
    );
    expect(found.map((f) => f.evidence[0])).toEqual(['a', 'c']);
    expect(found[0].message).toBe('SSL: a Slavery Safeguarding Lead made no decisions after 2019-04-28 (decision dated 2024-06-07)');
  });

  it('judges decisions without a referral on force and date alone', () => {
    expect(run('MS-12', rg('POSITIVE', { decisionMaker: 'DEVOLVED_CHILD_PILOT', occurredAt: '2023-06-01' }))).toEqual([]);
  });
});

describe('MS-14 decision dated before its referral', () => {
  const ref = () => referral({ eventId: 'r', occurredAt: '2024-06-10', receivedAt: '2024-06-10T12:00:00Z' });

  it('raises one finding per decision dated before the referral date, due when the force held both', () => {
    const found = run(
      'MS-14',
      ref(),
      rg('POSITIVE', { eventId: 'early', occurredAt: '2024-06-05', receivedAt: '2024-06-05T15:00:00Z' }),
      cg('NEGATIVE', { eventId: 'cg', occurredAt: '2024-06-09', receivedAt: '2024-06-11T09:00:00Z' }),
      rg('POSITIVE', { eventId: 'fine', occurredAt: '2024-06-12', reconsideration: true }),
    );
    expect(found).toEqual([
      {
        check: 'MS-14',
        severity: 'warning',
        dueAt: '2024-06-10T12:00:00.000Z',
        resolvedAt: null,
        evidence: ['early', 'r'],
        message:
          'RG decision dated 2024-06-05, before the referral date 2024-06-10: a decision cannot precede its referral; check both dates',
      },
      expect.objectContaining({
        dueAt: '2024-06-11T09:00:00.000Z',
        evidence: ['cg', 'r'],
        message: expect.stringContaining('CG decision dated 2024-06-09'),
      }),
    ]);
  });

  it('compares London dates: a decision at 00:30 BST on the referral day is not before it', () => {
    expect(run('MS-14', ref(), rg('NEGATIVE', { occurredAt: '2024-06-09T23:30:00Z' }))).toEqual([]);
    expect(run('MS-14', ref(), rg('NEGATIVE', { occurredAt: '2024-06-09T22:59:59Z' }))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('dated 2024-06-09') }),
    ]);
  });

  it('judges every referral event, so a later one with an earlier date does not make it disappear', () => {
    const d = rg('POSITIVE', { eventId: 'd', occurredAt: '2024-06-08', receivedAt: '2024-06-11T10:00:00Z' });
    const found = run('MS-14', ref(), d);
    expect(found).toEqual([expect.objectContaining({ dueAt: '2024-06-11T10:00:00.000Z', evidence: ['d', 'r'] })]);
    const earlier = referral({ eventId: 'r0', occurredAt: '2024-06-01', receivedAt: '2024-06-20T09:00:00Z' });
    expect(run('MS-14', ref(), d, earlier)).toEqual(found);
    // a referral event dated after the decision, received first, makes it due earlier and is named too
    const later = referral({ eventId: 'r2', occurredAt: '2024-06-20', receivedAt: '2024-06-09T09:00:00Z' });
    expect(run('MS-14', ref(), d, later)).toEqual([
      expect.objectContaining({
        dueAt: '2024-06-11T10:00:00.000Z',
        evidence: ['d', 'r', 'r2'],
        message: expect.stringContaining('2024-06-20'),
      }),
    ]);
  });

  it('is resolved only by cancellation, and at a receiving force is due no earlier than it held the referral', () => {
    const cancelled = run(
      'MS-14',
      ref(),
      rg('POSITIVE', { eventId: 'd', occurredAt: '2024-06-01' }),
      cancel({ receivedAt: '2024-07-01T09:00:00Z' }),
    );
    expect(cancelled).toEqual([expect.objectContaining({ evidence: ['d', 'r'], resolvedAt: '2024-07-01T09:00:00.000Z' })]);
    const facts = fold(stored(ref(), rg('POSITIVE', { eventId: 'd', occurredAt: '2024-06-01' })));
    expect(checkById('MS-14').run(facts, { force: FIXTURE_FORCE, heldFrom: '2024-06-20T10:00:00.000Z' })).toEqual([
      expect.objectContaining({ dueAt: '2024-06-20T10:00:00.000Z' }),
    ]);
    // resolved before the force held it: no finding there at all
    const gone = fold(stored(ref(), rg('POSITIVE', { occurredAt: '2024-06-01' }), cancel({ receivedAt: '2024-06-15T09:00:00Z' })));
    expect(checkById('MS-14').run(gone, { force: FIXTURE_FORCE, heldFrom: '2024-06-20T10:00:00.000Z' })).toEqual([]);
  });

  it('raises nothing without a referral (MS-09 covers it)', () => {
    expect(run('MS-14', rg('POSITIVE', { occurredAt: '2020-01-01' }))).toEqual([]);
  });
});
