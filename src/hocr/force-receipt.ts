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

/** When a force's record was created (SPEC §6 MS-02), and the events that show it. */
export interface ForceRecording {
  readonly at: string;
  readonly evidence: readonly string[];
}

/**
 * When the record's force created its record (SPEC §6 MS-02: "`recordedAt`, else the service's storage
 * time"): the earliest (recordedAt ?? storedAt) over the REFERRAL_RECEIVED events the force sent itself.
 * `carriedFrom` names the events the record carries from the forces that transferred the referral to it
 * (CheckContext). A receiving force that sent no referral of its own has the record as carried: the sender's
 * creation (`facts.recordedAt`), since nothing says when it recorded the referral (the service's storage of
 * the transfer would flag every transfer loaded from history). Null without a referral event.
 * docs/decisions.md, "A receiving force's record is created when the force records it".
 */
export function forceRecording(facts: Facts, carriedFrom?: ReadonlyMap<string, string>): ForceRecording | null {
  if (facts.recordedAt === null) return null;
  const own = carriedFrom?.size ? facts.referrals.filter((r) => !carriedFrom.has(r.eventId)) : facts.referrals;
  if (own.length === 0) return { at: facts.recordedAt, evidence: facts.referrals.map((r) => r.eventId) };
  // ISO UTC strings with milliseconds (facts' format) sort as instants
  const at = own.map((r) => r.recordedAt ?? r.storedAt).reduce((a, b) => (b < a ? b : a));
  return { at, evidence: own.map((r) => r.eventId) };
}
