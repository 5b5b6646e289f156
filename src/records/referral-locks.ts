import type { EntityManager } from 'typeorm';
import { enterWriter, writerClock } from '../database/system-time';

/** Advisory-lock namespace for "one referral's records" (the second key is hashtext(referral_ref)). */
const REFERRAL_LOCK_NAMESPACE = 20200;

/**
 * Starts a write of the given referrals' records inside `tx`: joins the as-at fence, locks every referral
 * (sorted by hash, so two writers can never deadlock; a referral, not a record, is the unit because a
 * transfer touches two forces' records), then reads the service time to stamp the rows with.
 */
export async function beginReferralWrite(tx: EntityManager, referralRefs: string[]): Promise<Date> {
  await enterWriter(tx);
  await tx.query(
    `SELECT pg_advisory_xact_lock(${REFERRAL_LOCK_NAMESPACE}, h)
       FROM (SELECT DISTINCT hashtext(r) AS h FROM unnest($1::text[]) AS r ORDER BY 1) AS s`,
    [referralRefs],
  );
  return writerClock(tx);
}
