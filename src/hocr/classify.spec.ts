import { CLASSIFICATION_RULES, RULE_IDS, RULE_SET_VERSION, classify, crimeExpected, matchRule, type RuleId } from './classify';
import type { HocrCode } from './codes';
import type { Facts } from './facts';
import { cancel, cg, crime, location, referral, rg, stored, transfer } from './fixtures';
import { fold } from './fold';
import type { HocrEvent } from './event-types';

const factsOf = (...events: HocrEvent[]): Facts => fold(stored(...events));

const OUTSIDE = { exploitationLocation: 'OVERSEAS' };
const POLICE = { source: 'POLICE_REFERRAL', firstResponder: { type: 'POLICE', organisation: 'West Yorkshire Police' } };
const DTN = { referralType: 'DTN', victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: false } };
const DTN_BY_NGO = { ...DTN, firstResponder: { type: 'NGO', organisation: 'Hope for Justice' } };

// One fixture per row of SPEC §3 (and the INCOMPLETE note), in table order. Each is the least
// that reaches the row; the earlier rows must not match it.
const ROW_FIXTURES: Record<string, () => Facts> = {
  '1': () => factsOf(referral(POLICE), crime(), cancel()),
  null: () => factsOf(rg('POSITIVE')),
  '2': () => factsOf(referral(POLICE), crime(), transfer()),
  '3': () => factsOf(referral(OUTSIDE), rg('NEGATIVE'), crime()),
  '4': () => factsOf(referral({ ...OUTSIDE, ...POLICE }), rg('NEGATIVE')),
  '5': () => factsOf(referral({ ...OUTSIDE, ...DTN_BY_NGO }), rg('POSITIVE')),
  '6': () => factsOf(referral(OUTSIDE), rg('NEGATIVE')),
  '7': () => factsOf(referral({ ...OUTSIDE, ...DTN_BY_NGO })),
  '8': () => factsOf(referral(OUTSIDE)),
  '9': () => factsOf(referral(POLICE), rg('NEGATIVE')),
  '10': () => factsOf(referral(DTN_BY_NGO), rg('POSITIVE')),
  '11': () => factsOf(referral(), rg('POSITIVE')),
  '12': () => factsOf(referral(), rg('NEGATIVE')),
  '13': () => factsOf(referral()),
};

const EXPECTED: Record<string, [RuleId, HocrCode | null, string, boolean]> = {
  '1': ['CANCELLED', null, 'CANCELLED', false],
  null: ['INCOMPLETE', null, 'INCOMPLETE', false],
  '2': ['TRANSFERRED', 'N200/06', 'OPEN', false],
  '3': ['CRIME_RECORDED', '106', 'OPEN', false],
  '4': ['OUTSIDE_EW_POLICE', 'N200/04', 'OPEN', false],
  '5': ['OUTSIDE_EW_RG_POSITIVE', 'N200/04', 'OPEN', false],
  '6': ['OUTSIDE_EW_RG_NEGATIVE', 'N200/05', 'OPEN', false],
  '7': ['DTN_ONLY', 'N200/03', 'OPEN', false],
  '8': ['PENDING_RG', 'N200/01', 'OPEN', false],
  '9': ['POLICE_REFERRAL_EW', '106', 'OPEN', true],
  '10': ['DTN_ONLY', 'N200/03', 'OPEN', false],
  '11': ['RG_POSITIVE_EW', '106', 'OPEN', true],
  '12': ['RG_NEGATIVE_EW', 'N200/02', 'OPEN', false],
  '13': ['PENDING_RG', 'N200/01', 'OPEN', false],
};

describe('CLASSIFICATION_RULES follows SPEC §3 row by row', () => {
  it('has the SPEC rows in order with INCOMPLETE straight after CANCELLED', () => {
    expect(CLASSIFICATION_RULES.map((r) => r.row)).toEqual([1, null, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(new Set(CLASSIFICATION_RULES.map((r) => r.rule))).toEqual(new Set(RULE_IDS));
  });

  it.each(CLASSIFICATION_RULES.map((rule, index) => [String(rule.row), rule.rule, index] as const))(
    'row %s (%s) is the first row to match its fixture and gives its code',
    (row, _rule, index) => {
      const facts = ROW_FIXTURES[row]();
      const [rule, code, status, crimeRequired] = EXPECTED[row];
      expect(CLASSIFICATION_RULES.findIndex((r) => r.when(facts))).toBe(index);
      expect(matchRule(facts)).toBe(CLASSIFICATION_RULES[index]);
      expect(classify(facts)).toEqual({ status, code, rule, reason: CLASSIFICATION_RULES[index].reason, crimeRequired });
    },
  );

  it('marks exactly rows 9 and 11 as "106 (crime required)"', () => {
    expect(CLASSIFICATION_RULES.filter((r) => r.crimeRequired).map((r) => r.row)).toEqual([9, 11]);
  });

  it('has a dated rule-set version', () => {
    expect(RULE_SET_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
  });
});

describe('classification precedence (SPEC §3: first row wins)', () => {
  it.each<[string, HocrEvent[], RuleId, HocrCode | null]>([
    ['a recorded crime beats a positive RG', [referral(), rg('POSITIVE'), crime()], 'CRIME_RECORDED', '106'],
    ['a recorded crime beats a negative RG', [referral(), rg('NEGATIVE'), crime()], 'CRIME_RECORDED', '106'],
    ['a transfer beats a recorded crime', [referral(), crime(), transfer()], 'TRANSFERRED', 'N200/06'],
    ['cancellation beats a transfer', [referral(), transfer(), cancel()], 'CANCELLED', null],
    ['cancellation without a referral is CANCELLED, not INCOMPLETE', [rg('POSITIVE'), cancel()], 'CANCELLED', null],
    ['a transfer without a referral is INCOMPLETE', [transfer()], 'INCOMPLETE', null],
    ['a crime without a referral is INCOMPLETE', [crime()], 'INCOMPLETE', null],
    ['a location alone is INCOMPLETE', [location('ENGLAND_AND_WALES')], 'INCOMPLETE', null],
    [
      'a reconsidered RG negative→positive uses the latest',
      [referral(), rg('NEGATIVE'), rg('POSITIVE', { occurredAt: '2024-06-20', reconsideration: true })],
      'RG_POSITIVE_EW',
      '106',
    ],
    [
      'a reconsidered RG positive→negative uses the latest',
      [referral(), rg('POSITIVE'), rg('NEGATIVE', { occurredAt: '2024-06-20', reconsideration: true })],
      'RG_NEGATIVE_EW',
      'N200/02',
    ],
    [
      'a same-date decision received later is the latest',
      [
        referral(),
        rg('NEGATIVE', { receivedAt: '2024-06-07T10:00:00Z' }),
        rg('POSITIVE', { receivedAt: '2024-06-07T09:00:00Z', reconsideration: true }),
      ],
      'RG_NEGATIVE_EW',
      'N200/02',
    ],
    [
      'occurredAt orders before receipt',
      [
        referral(),
        rg('NEGATIVE', { receivedAt: '2024-06-07T10:00:00Z' }),
        rg('POSITIVE', { occurredAt: '2024-06-07T08:00:00Z', receivedAt: '2024-06-07T09:00:00Z' }),
      ],
      'RG_POSITIVE_EW',
      '106',
    ],
    [
      'a police referral outside E&W is N200/04 even with a negative RG',
      [referral({ ...OUTSIDE, ...POLICE }), rg('NEGATIVE')],
      'OUTSIDE_EW_POLICE',
      'N200/04',
    ],
    ['a police referral in E&W needs a crime even with a negative RG', [referral(POLICE), rg('NEGATIVE')], 'POLICE_REFERRAL_EW', '106'],
    ['a direct report in E&W needs a crime', [referral({ source: 'DIRECT_REPORT' })], 'POLICE_REFERRAL_EW', '106'],
    [
      'a police DtN via the competent authority needs a crime',
      [referral({ ...DTN, firstResponder: { type: 'POLICE', organisation: 'Kent Police' } })],
      'POLICE_REFERRAL_EW',
      '106',
    ],
    [
      'an NRM referral by another police force waits for the RG',
      [referral({ firstResponder: { type: 'POLICE', organisation: 'Kent Police' } })],
      'PENDING_RG',
      'N200/01',
    ],
    ['a non-police DtN stays N200/03 after a positive RG in E&W', [referral(DTN_BY_NGO), rg('POSITIVE')], 'DTN_ONLY', 'N200/03'],
    [
      'a non-police DtN outside E&W with a positive RG is N200/04',
      [referral({ ...OUTSIDE, ...DTN_BY_NGO }), rg('POSITIVE')],
      'OUTSIDE_EW_RG_POSITIVE',
      'N200/04',
    ],
    [
      'UNKNOWN location is treated as England and Wales',
      [referral({ exploitationLocation: 'UNKNOWN' }), rg('POSITIVE')],
      'RG_POSITIVE_EW',
      '106',
    ],
    [
      'a determined location overrides the referral (outside → E&W)',
      [referral(OUTSIDE), location('ENGLAND_AND_WALES'), rg('POSITIVE')],
      'RG_POSITIVE_EW',
      '106',
    ],
    [
      'a determined location overrides the referral (E&W → outside)',
      [referral(), location('OUTSIDE_ENGLAND_AND_WALES'), rg('POSITIVE')],
      'OUTSIDE_EW_RG_POSITIVE',
      'N200/04',
    ],
    ['a referral CRN alone does not count as a recorded crime', [referral({ crimeReference: '13/9/24' })], 'PENDING_RG', 'N200/01'],
    ['a CG decision does not change the code', [referral(), rg('NEGATIVE'), cg('POSITIVE')], 'RG_NEGATIVE_EW', 'N200/02'],
  ])('%s', (_label, events, rule, code) => {
    const c = classify(factsOf(...events));
    expect(c.rule).toBe(rule);
    expect(c.code).toBe(code);
  });
});

describe('crimeExpected (link-rate denominator)', () => {
  it.each<[string, HocrEvent[], boolean]>([
    ['a positive RG in E&W with a crime recorded', [referral(), rg('POSITIVE'), crime()], true],
    ['a positive RG in E&W without a crime', [referral(), rg('POSITIVE')], true],
    ['a police referral with a crime', [referral(POLICE), crime()], true],
    ['a negative RG with a crime recorded anyway', [referral(), rg('NEGATIVE'), crime()], false],
    ['a pending referral', [referral()], false],
    ['a transferred record', [referral(POLICE), transfer()], false],
    ['a cancelled record', [referral(POLICE), cancel()], false],
  ])('%s: %s', (_label, events, expected) => {
    expect(crimeExpected(factsOf(...events))).toBe(expected);
  });
});
