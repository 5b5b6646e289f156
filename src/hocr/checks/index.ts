// Compliance checks of SPEC §6: pure functions of a record's facts (no clock, no I/O).
export * from './finding';
export { CHECKS, checkById, evaluateAt, evaluateChecks, findingKey, type EvaluatedFinding } from './registry';
export { defineCheck, type CheckDeclaration, type RawFinding, type RegisteredCheck } from './define';
export { crimeRecordedInstant, firstCrimeRecordedAt } from './common';
export { MS01, MS02, MS06, MS07, REFERRAL_FIELD_SAME, referralDifferences } from './referral-checks';
export {
  CRIME_RECORDING_HOURS,
  LOCATION_DAYS,
  MS03,
  MS04,
  MS05,
  MS09,
  MS10,
  crimeObligation,
  positiveRgRunStart,
  rgCrimeClockStart,
} from './deadline-checks';
export { MS08, MS11, MS12, decisionsInFoldOrder, recoveryRg } from './decision-checks';
export {
  DESIGNATED_FIRST_RESPONDERS,
  DESIGNATED_FIRST_RESPONDER_PATTERNS,
  MS13,
  NOT_FIRST_RESPONDERS,
  designatedFirstResponder,
  normaliseOrganisation,
  type FirstResponderEntry,
  type FirstResponderPattern,
  type FirstResponderVerdict,
} from './first-responders';
