import type { AgeGroup, DecisionMaker } from './event-types';
import {
  cgBeforeRecoveryPeriodEnd,
  decisionMakerValid,
  recoveryPeriodDays,
  recoveryPeriodEnd,
  type DecisionStage,
} from './decision-makers';

const WEST_YORKSHIRE = 'E23000010'; // pilot
const MET = 'E23000001'; // not a pilot force

type Row = [DecisionMaker, string, DecisionStage, string, AgeGroup | null, boolean, RegExp];

describe('decision maker validity by date, stage, force and age (SPEC §1 [decision], MS-12)', () => {
  it.each<Row>([
    // UKHTC and UKVI: valid to 2019-04-28 inclusive
    ['UKHTC', '2019-04-28', 'RG', MET, 'ADULT', true, /may make RG/],
    ['UKHTC', '2019-04-29', 'RG', MET, 'ADULT', false, /after 2019-04-28/],
    ['UKVI', '2019-04-28', 'CG', MET, 'ADULT', true, /may make CG/],
    ['UKVI', '2019-04-29', 'CG', MET, 'ADULT', false, /after 2019-04-28/],
    ['UKHTC', '2009-04-01', 'RG', MET, 'CHILD', true, /may make/],
    // SCA from 2019-04-29
    ['SCA', '2019-04-28', 'RG', MET, 'ADULT', false, /before 2019-04-29/],
    ['SCA', '2019-04-29', 'RG', MET, 'ADULT', true, /may make RG/],
    ['SCA', '2025-01-01', 'CG', MET, 'CHILD', true, /may make CG/],
    // IECA from 2021-11-08
    ['IECA', '2021-11-07', 'RG', MET, 'ADULT', false, /before 2021-11-08/],
    ['IECA', '2021-11-08', 'RG', MET, 'ADULT', true, /may make/],
    // SSL (RG) and MDP (CG): pilot forces, 2015-07-31 to 2019-04-28
    ['SSL', '2015-07-30', 'RG', WEST_YORKSHIRE, 'ADULT', false, /before 2015-07-31/],
    ['SSL', '2015-07-31', 'RG', WEST_YORKSHIRE, 'ADULT', true, /may make RG/],
    ['SSL', '2019-04-28', 'RG', WEST_YORKSHIRE, 'ADULT', true, /may make RG/],
    ['SSL', '2019-04-29', 'RG', WEST_YORKSHIRE, 'ADULT', false, /after 2019-04-28/],
    ['SSL', '2017-01-10', 'CG', WEST_YORKSHIRE, 'ADULT', false, /RG decisions only, not CG/],
    ['SSL', '2017-01-10', 'RG', MET, 'ADULT', false, /pilot forces, not E23000001/],
    ['MDP', '2015-07-30', 'CG', 'E23000036', 'ADULT', false, /before 2015-07-31/],
    ['MDP', '2015-07-31', 'CG', 'E23000036', 'ADULT', true, /may make CG/],
    ['MDP', '2019-04-28', 'CG', 'E23000037', 'ADULT', true, /may make CG/],
    ['MDP', '2019-04-29', 'CG', 'E23000037', 'ADULT', false, /after 2019-04-28/],
    ['MDP', '2017-01-10', 'RG', 'E23000039', 'ADULT', false, /CG decisions only, not RG/],
    ['MDP', '2017-01-10', 'CG', 'BTP', 'ADULT', false, /pilot forces/],
    // Devolved child pilot: children from 2021-06-01
    ['DEVOLVED_CHILD_PILOT', '2021-05-31', 'RG', MET, 'CHILD', false, /before 2021-06-01/],
    ['DEVOLVED_CHILD_PILOT', '2021-06-01', 'RG', MET, 'CHILD', true, /may make RG/],
    ['DEVOLVED_CHILD_PILOT', '2023-03-01', 'CG', MET, 'CHILD', true, /may make CG/],
    ['DEVOLVED_CHILD_PILOT', '2023-03-01', 'RG', MET, 'ADULT', false, /children only/],
    ['DEVOLVED_CHILD_PILOT', '2023-03-01', 'RG', MET, 'UNKNOWN', true, /may make/],
    ['DEVOLVED_CHILD_PILOT', '2023-03-01', 'RG', MET, null, true, /may make/],
  ])('%s on %s at %s for %s (%s): valid %s', (maker, date, stage, force, age, valid, reason) => {
    const verdict = decisionMakerValid(maker, date, { force, victimAgeGroup: age, stage });
    expect(verdict.valid).toBe(valid);
    expect(verdict.reason).toMatch(reason);
  });

  it('presumes an age-disputed adult a child for the devolved pilot (MSA s51)', () => {
    const ctx = { force: MET, victimAgeGroup: 'ADULT' as const, victimAgeDisputed: true, stage: 'RG' as const };
    expect(decisionMakerValid('DEVOLVED_CHILD_PILOT', '2023-03-01', ctx).valid).toBe(true);
  });

  it.each([
    ['2019-04-28T22:30:00Z', false], // 23:30 BST on 28 April is still UKHTC's last day
    ['2019-04-28T23:30:00Z', true], // 00:30 BST on 29 April
  ])('judges a decision instant %s by its London date (SCA valid: %s)', (instant, valid) => {
    expect(decisionMakerValid('SCA', instant, { force: MET, victimAgeGroup: 'ADULT', stage: 'RG' }).valid).toBe(valid);
  });
});

describe('recovery period (SPEC §1, MS-08)', () => {
  it.each([
    ['2022-12-12', 45, '2023-01-26'],
    ['2022-12-13', 30, '2023-01-12'],
    ['2019-01-01', 45, '2019-02-15'],
    ['2024-02-01', 30, '2024-03-02'],
    ['2022-12-13T00:30:00+01:00', 45, '2023-01-26'], // 23:30 GMT on 12 December in London
  ])('RG on %s: %i days, CG not before %s', (rg, days, end) => {
    expect(recoveryPeriodDays(rg)).toBe(days);
    expect(recoveryPeriodEnd(rg)).toBe(end);
  });

  it.each([
    ['2024-02-01', '2024-03-01', true],
    ['2024-02-01', '2024-03-02', false],
    ['2022-12-12', '2023-01-25', true],
    ['2022-12-12', '2023-01-26', false],
  ])('RG %s, CG %s: early %s', (rg, cg, early) => {
    expect(cgBeforeRecoveryPeriodEnd(rg, cg)).toBe(early);
  });
});
