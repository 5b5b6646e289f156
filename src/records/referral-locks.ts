import type { EntityManager } from 'typeorm';

/**
 * Starts a write of the given referrals' records inside `tx`, in one round trip (the SQL function of
 * migration 1763840500000): joins the as-at fence (shared; src/database/system-time.ts), locks every
 * referral (sorted by hash, so two writers never deadlock; a referral, not a record, is the unit because
 * a transfer touches two forces' records), then reads the service time the rows are stamped with. The
 * clock is read after the locks, so writers of one record stamp in commit order.
 */
export async function beginReferralWrite(tx: EntityManager, referralRefs: string[]): Promise<Date> {
  const [{ now }] = (await tx.query('SELECT n200_begin_referral_write($1::text[]) AS now', [referralRefs])) as [{ now: Date }];
  return now;
}
