// The date a force's record counts from in returns and summaries (SPEC §7, "by the local date of receipt
// of the referral"): the force's own first receipt of the referral (docs/decisions.md, "A receiving force
// counts a transferred referral from its own receipt").
import type { Facts } from './facts';

/**
 * When the record's force first received the referral: the earliest of the receipts of the REFERRAL_RECEIVED
 * events the force sent itself (`ownReferralReceipts`) and of the transfers into the force (in `facts`, where
 * a transfer into the force reads `toForce === facts.force`); never earlier than the referral's own first
 * receipt (`facts.referralReceivedAt`), since data can be inconsistent. Null without a referral (INCOMPLETE).
 * `facts` is the force's record as refolded: events of the forces that transferred the referral to it are
 * presented as its own, so only the caller knows which referral events the force sent itself.
 */
export function forceReceivedAt(facts: Facts, ownReferralReceipts: readonly string[]): string | null {
  const referralAt = facts.referralReceivedAt;
  if (referralAt === null) return null;
  const transfersIn = facts.transfers.filter((t) => t.toForce === facts.force).map((t) => t.receivedAt);
  const first = [...ownReferralReceipts, ...transfersIn].reduce<string | null>((a, b) => (a === null || b < a ? b : a), null);
  // ISO UTC strings with milliseconds (facts' format) sort as instants
  return first === null || first < referralAt ? referralAt : first;
}
