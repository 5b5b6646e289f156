import type { DataSource } from 'typeorm';
import { beginWrite, writeRecords } from './record-writer';

/**
 * Reclassifies every referral's records from their events with the current rules, `chunk` referrals per
 * transaction, through the same locks and writer as ingestion. Unchanged records are not rewritten.
 */
export async function rebuildAll(
  ds: DataSource,
  chunk: number,
  onChunk?: (referrals: number) => void,
): Promise<{ referrals: number; events: number }> {
  const [{ referrals, events }] = (await ds.query(
    'SELECT count(DISTINCT referral_ref)::int AS referrals, count(*)::int AS events FROM events',
  )) as [{ referrals: number; events: number }];
  let after = '';
  for (;;) {
    const rows = (await ds.query('SELECT DISTINCT referral_ref FROM events WHERE referral_ref > $1 ORDER BY 1 LIMIT $2', [
      after,
      chunk,
    ])) as { referral_ref: string }[];
    if (rows.length === 0) break;
    const refs = rows.map((r) => r.referral_ref);
    await ds.transaction(async (tx) =>
      writeRecords(tx, await beginWrite(tx, { sender: '', events: [], referralRefs: refs, refoldAll: true })),
    );
    onChunk?.(refs.length);
    after = refs[refs.length - 1];
  }
  return { referrals, events };
}
