// Checks on the referral itself: MS-01 (disagreeing referrals), MS-02 (late recording), MS-06 (DtN for
// a child), MS-07 (adult NRM referral without consent). SPEC §6; readings in docs/decisions.md (HOCR domain).
import type { ReferralFacts, ReferralField } from '../facts';
import { forceRecording } from '../force-receipt';
import { londonDate } from '../time';
import { maxIso, minOf, plusHours } from './common';
import { defineCheck, raw, type RawFinding } from './define';

const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The per-field comparison behind Facts.referralDisagreements (fold.ts, decisions.md HOCR 17), repeated
 * here to name *which* referral events disagree; a test keeps the two in step.
 */
export const REFERRAL_FIELD_SAME: Readonly<Record<ReferralField, (a: ReferralFacts, b: ReferralFacts) => boolean>> = {
  occurredAt: (a, b) => londonDate(a.occurredInstant) === londonDate(b.occurredInstant),
  referralType: (a, b) => a.referralType === b.referralType,
  source: (a, b) => a.source === b.source,
  'firstResponder.type': (a, b) => a.firstResponder.type === b.firstResponder.type,
  'firstResponder.organisation': (a, b) => norm(a.firstResponder.organisation) === norm(b.firstResponder.organisation),
  'victim.ageGroup': (a, b) => a.victim.ageGroup === b.victim.ageGroup,
  'victim.ageDisputed': (a, b) => a.victim.ageDisputed === b.victim.ageDisputed,
  'victim.consentToNrm': (a, b) => a.victim.consentToNrm === b.victim.consentToNrm,
  exploitationTypes: (a, b) => a.exploitationTypes.join() === b.exploitationTypes.join(),
  exploitationLocation: (a, b) => a.exploitationLocation === b.exploitationLocation,
  criminalityLocation: (a, b) => a.criminalityLocation === b.criminalityLocation,
  crimeReference: (a, b) => a.crimeReference === null || b.crimeReference === null || a.crimeReference === b.crimeReference,
};

/** The fields on which `b` differs from `a`, in ReferralField order. */
export function referralDifferences(a: ReferralFacts, b: ReferralFacts): ReferralField[] {
  return (Object.keys(REFERRAL_FIELD_SAME) as ReferralField[]).filter((field) => !REFERRAL_FIELD_SAME[field](a, b));
}

export const MS01 = defineCheck({
  id: 'MS-01',
  severity: 'error',
  title: 'Two REFERRAL_RECEIVED events for one record disagree (a possible second record for one referral)',
  endsOnTransfer: false,
  find: (f) => {
    if (!f.referralsDisagree || f.referrals.length < 2) return [];
    const [first, ...rest] = f.referrals;
    const disagreeing = rest.filter((r) => referralDifferences(first, r).length > 0);
    if (disagreeing.length === 0) return [];
    // Due when the force held two disagreeing referrals: the later receipt of the pair, earliest pair.
    const dueAt = minOf(disagreeing.map((r) => maxIso(first.receivedAt, r.receivedAt)));
    const fields = f.referralDisagreements.join(', ');
    return [
      raw(
        dueAt as string,
        [first.eventId, ...disagreeing.map((r) => r.eventId)],
        `${disagreeing.length + 1} referral events for one record disagree on ${fields}: a possible second record for one referral`,
      ),
    ];
  },
});

export const MS02 = defineCheck({
  id: 'MS-02',
  severity: 'error',
  title: 'Record created more than 24 hours after the force received the referral',
  endsOnTransfer: false,
  find: (f, ctx) => {
    // a receiving force's record is created when the force itself records it (force-receipt.ts)
    const created = forceRecording(f, ctx.carriedFrom);
    if (f.referralReceivedAt === null || created === null) return [];
    const received = maxIso(f.referralReceivedAt, ctx.heldFrom ?? f.referralReceivedAt);
    const dueAt = plusHours(received, 24);
    if (created.at <= dueAt) return [];
    return [
      raw(
        dueAt,
        created.evidence,
        `Record created ${created.at}, more than 24 hours after the force received the referral at ${received}`,
        created.at,
      ),
    ];
  },
});

/** Earliest-received offending referral event: one finding per record and check, evidence = all offenders. */
function firstOffence(offending: readonly ReferralFacts[], message: (r: ReferralFacts) => string): RawFinding[] {
  if (offending.length === 0) return [];
  const first = offending.reduce((a, b) => (b.receivedAt < a.receivedAt ? b : a));
  return [
    raw(
      first.receivedAt,
      offending.map((r) => r.eventId),
      message(first),
    ),
  ];
}

export const MS06 = defineCheck({
  id: 'MS-06',
  severity: 'error',
  title: 'DtN referral for a child or an age-disputed person (must be an NRM referral)',
  endsOnTransfer: false,
  find: (f) =>
    firstOffence(
      f.referrals.filter((r) => r.referralType === 'DTN' && (r.victim.ageGroup === 'CHILD' || r.victim.ageDisputed)),
      (r) =>
        r.victim.ageGroup === 'CHILD'
          ? 'Duty to Notify referral for a child: a child never needs consent and must be an NRM referral (MSA s51)'
          : 'Duty to Notify referral for an age-disputed person, who is presumed a child (MSA s51): must be an NRM referral',
    ),
});

export const MS07 = defineCheck({
  id: 'MS-07',
  severity: 'warning',
  title: 'NRM referral of an adult with no recorded consent',
  endsOnTransfer: false,
  find: (f) =>
    firstOffence(
      f.referrals.filter(
        (r) => r.referralType === 'NRM' && r.victim.ageGroup === 'ADULT' && !r.victim.ageDisputed && r.victim.consentToNrm !== true,
      ),
      (r) =>
        r.victim.consentToNrm === false
          ? 'NRM referral of an adult recorded as not consenting: an adult who does not consent is reported by a Duty to Notify referral'
          : 'NRM referral of an adult with no recorded consent to enter the NRM',
    ),
});
