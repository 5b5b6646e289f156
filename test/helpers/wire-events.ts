/**
 * Raw wire events for the e2e tests: plain JSON as a client posts it to /v1/events, not validated nor
 * normalised, so a test can send exactly the fields it means to (a field set to undefined in `over` is
 * left out of the JSON). For normalised, contract-valid events (unit tests, direct ingestion) use
 * src/hocr/fixtures.ts instead.
 */
export type RawEvent = Record<string, unknown>;
export type Outcome = 'POSITIVE' | 'NEGATIVE';

/** The body of a REFERRAL_RECEIVED: an adult NRM referral from a local authority, occurred on 3 June 2024. */
export const REFERRAL_FIELDS: Readonly<RawEvent> = {
  occurredAt: '2024-06-03',
  referralType: 'NRM',
  source: 'COMPETENT_AUTHORITY',
  firstResponder: { type: 'LOCAL_AUTHORITY', organisation: 'Leeds City Council' },
  victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true },
  exploitationTypes: ['LABOUR'],
  exploitationLocation: 'UK',
};

/** REFERRAL_RECEIVED with REFERRAL_FIELDS, received on 3 June 2024 (FY 2024-25, Q1), recorded five minutes after receipt. */
export function referral(force: string, ref: string, over: RawEvent = {}): RawEvent {
  return {
    eventId: `${ref}/referral`,
    type: 'REFERRAL_RECEIVED',
    force,
    referralRef: ref,
    ...REFERRAL_FIELDS,
    receivedAt: '2024-06-03T10:00:00Z',
    recordedAt: '2024-06-03T10:05:00Z',
    ...over,
  };
}

/** The returns tests' referrals: the same, but with no recordedAt and a generic council. */
export const UNRECORDED_REFERRAL: RawEvent = {
  recordedAt: undefined,
  firstResponder: { type: 'LOCAL_AUTHORITY', organisation: 'A City Council' },
};

/** An RG or CG decision by the SCA, occurred on 7 June 2024 and received at noon that day. */
export const decision = (
  type: 'RG_DECISION' | 'CG_DECISION',
  force: string,
  ref: string,
  outcome: Outcome,
  over: RawEvent = {},
): RawEvent => ({
  eventId: `${ref}/${type}-${outcome}`,
  type,
  force,
  referralRef: ref,
  occurredAt: '2024-06-07',
  receivedAt: '2024-06-07T12:00:00Z',
  outcome,
  decisionMaker: 'SCA',
  ...over,
});
export const rg = (force: string, ref: string, outcome: Outcome, over: RawEvent = {}) => decision('RG_DECISION', force, ref, outcome, over);
/** A CG decision, occurred on 1 August 2024 and received at noon that day. */
export const cg = (force: string, ref: string, outcome: Outcome, over: RawEvent = {}) =>
  decision('CG_DECISION', force, ref, outcome, { occurredAt: '2024-08-01', receivedAt: '2024-08-01T12:00:00Z', ...over });
