// classify(facts): the HOCR classification of one record (SPEC §3). Driven by one data table,
// CLASSIFICATION_RULES, in SPEC §3 row order; the first row whose `when` holds wins.
import type { HocrCode } from './codes';
import type { Facts } from './facts';

/** Bump when any rule, default or reading changes; kept with every history row (SPEC §3). */
export const RULE_SET_VERSION = '2026-11-23.4';

export const RULE_IDS = [
  'CANCELLED',
  'INCOMPLETE',
  'TRANSFERRED',
  'CRIME_RECORDED',
  'OUTSIDE_EW_POLICE',
  'OUTSIDE_EW_RG_POSITIVE',
  'OUTSIDE_EW_RG_NEGATIVE',
  'DTN_ONLY',
  'PENDING_RG',
  'POLICE_REFERRAL_EW',
  'RG_POSITIVE_EW',
  'RG_NEGATIVE_EW',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type RecordStatus = 'OPEN' | 'INCOMPLETE' | 'CANCELLED';

export interface ClassificationRule {
  /** SPEC §3 table row; null for INCOMPLETE, which the SPEC states below the table. */
  readonly row: number | null;
  readonly rule: RuleId;
  readonly status: RecordStatus;
  readonly code: HocrCode | null;
  /** "106 (crime required)": reclassified at once; the force still owes a crime record (MS-04/05). */
  readonly crimeRequired: boolean;
  readonly when: (f: Facts) => boolean;
  readonly reason: string;
}

export interface Classification {
  readonly status: RecordStatus;
  readonly code: HocrCode | null;
  readonly rule: RuleId;
  readonly reason: string;
  readonly crimeRequired: boolean;
}

// ---- predicates over facts (each names the SPEC phrase it implements) ---------------------------

/** SPEC §3: UNKNOWN is treated as England and Wales for classification (MS-10 flags it). */
export function outsideEnglandAndWales(f: Facts): boolean {
  return f.criminalityLocation === 'OUTSIDE_ENGLAND_AND_WALES';
}

/**
 * SPEC §2/§3 "police referral, direct report or police DtN": the force's own referral, a victim's
 * direct report to it, or a DtN whose first responder is the police (docs/decisions.md (HOCR domain) 20).
 */
export function policeRoute(f: Facts): boolean {
  const r = f.referral;
  if (r === null) return false;
  if (r.source === 'POLICE_REFERRAL' || r.source === 'DIRECT_REPORT') return true;
  return r.referralType === 'DTN' && r.firstResponder.type === 'POLICE';
}

/** SPEC §3 "DtN not by police". */
export function dtnNotByPolice(f: Facts): boolean {
  return f.referral?.referralType === 'DTN' && !policeRoute(f);
}

const rgPositive = (f: Facts): boolean => f.rg?.outcome === 'POSITIVE';
const rgNegative = (f: Facts): boolean => f.rg?.outcome === 'NEGATIVE';
const outside = outsideEnglandAndWales;

// ---- the table (SPEC §3) -----------------------------------------------------------------------

export const CLASSIFICATION_RULES: readonly ClassificationRule[] = [
  {
    row: 1,
    rule: 'CANCELLED',
    status: 'CANCELLED',
    code: null,
    crimeRequired: false,
    when: (f) => f.cancelled,
    reason: 'Cancelled by the Force Crime Registrar; excluded from returns',
  },
  {
    // SPEC §3 note: decisions but no REFERRAL_RECEIVED → no code. After CANCELLED so a cancelled
    // stray is still CANCELLED; before TRANSFERRED/CRIME_RECORDED, which need a referral to count.
    row: null,
    rule: 'INCOMPLETE',
    status: 'INCOMPLETE',
    code: null,
    crimeRequired: false,
    when: (f) => !f.hasReferral,
    reason: 'No REFERRAL_RECEIVED yet: no code until the referral arrives (MS-09)',
  },
  {
    row: 2,
    rule: 'TRANSFERRED',
    status: 'OPEN',
    code: 'N200/06',
    crimeRequired: false,
    when: (f) => f.transferredTo !== null,
    reason: 'Transferred to another force in England and Wales',
  },
  {
    row: 3,
    rule: 'CRIME_RECORDED',
    status: 'OPEN',
    code: '106',
    crimeRequired: false,
    when: (f) => f.crime !== null,
    reason: 'A crime of modern slavery has been recorded on the force system',
  },
  {
    row: 4,
    rule: 'OUTSIDE_EW_POLICE',
    status: 'OPEN',
    code: 'N200/04',
    crimeRequired: false,
    when: (f) => outside(f) && policeRoute(f),
    reason: 'Criminality outside England and Wales; police referral, direct report or police DtN',
  },
  {
    row: 5,
    rule: 'OUTSIDE_EW_RG_POSITIVE',
    status: 'OPEN',
    code: 'N200/04',
    crimeRequired: false,
    when: (f) => outside(f) && rgPositive(f),
    reason: 'Criminality outside England and Wales; latest RG decision positive',
  },
  {
    row: 6,
    rule: 'OUTSIDE_EW_RG_NEGATIVE',
    status: 'OPEN',
    code: 'N200/05',
    crimeRequired: false,
    when: (f) => outside(f) && rgNegative(f),
    reason: 'Criminality outside England and Wales; latest RG decision negative',
  },
  {
    row: 7,
    rule: 'DTN_ONLY',
    status: 'OPEN',
    code: 'N200/03',
    crimeRequired: false,
    when: (f) => outside(f) && dtnNotByPolice(f),
    reason: 'Duty to Notify referral not made by the police; criminality outside England and Wales',
  },
  {
    row: 8,
    rule: 'PENDING_RG',
    status: 'OPEN',
    code: 'N200/01',
    crimeRequired: false,
    when: (f) => outside(f) && f.rg === null,
    reason: 'Criminality outside England and Wales; reasonable grounds decision pending',
  },
  {
    row: 9,
    rule: 'POLICE_REFERRAL_EW',
    status: 'OPEN',
    code: '106',
    crimeRequired: true,
    when: policeRoute,
    reason: 'Police referral, direct report or police DtN in England and Wales: a crime must be recorded',
  },
  {
    row: 10,
    rule: 'DTN_ONLY',
    status: 'OPEN',
    code: 'N200/03',
    crimeRequired: false,
    when: dtnNotByPolice,
    reason: 'Duty to Notify referral not made by the police',
  },
  {
    row: 11,
    rule: 'RG_POSITIVE_EW',
    status: 'OPEN',
    code: '106',
    crimeRequired: true,
    when: rgPositive,
    reason: 'Positive reasonable grounds decision in England and Wales: a crime must be recorded',
  },
  {
    row: 12,
    rule: 'RG_NEGATIVE_EW',
    status: 'OPEN',
    code: 'N200/02',
    crimeRequired: false,
    when: rgNegative,
    reason: 'Negative reasonable grounds decision in England and Wales',
  },
  {
    row: 13,
    rule: 'PENDING_RG',
    status: 'OPEN',
    code: 'N200/01',
    crimeRequired: false,
    when: () => true,
    reason: 'NRM referral pending the reasonable grounds decision',
  },
];

/** The matching row of CLASSIFICATION_RULES (the last row always matches). */
export function matchRule(f: Facts): ClassificationRule {
  for (const rule of CLASSIFICATION_RULES) if (rule.when(f)) return rule;
  /* istanbul ignore next: row 13 matches everything */
  throw new Error('classification table has no catch-all row');
}

export function classify(f: Facts): Classification {
  const r = matchRule(f);
  return { status: r.status, code: r.code, rule: r.rule, reason: r.reason, crimeRequired: r.crimeRequired };
}

/**
 * Whether the record should be a crime (rows 9 or 11) whether or not one has been recorded yet: the
 * denominator of the referral-to-crime link rate (SPEC §6 summary). Cancelled, incomplete and
 * transferred records are not expected to be crimes here.
 */
export function crimeExpected(f: Facts): boolean {
  return matchRule({ ...f, crime: null }).crimeRequired;
}
