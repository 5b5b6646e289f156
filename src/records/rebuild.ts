import type { DataSource } from 'typeorm';
import { beginWrite, writeRecords } from './record-writer';

/**
 * Reclassifies every referral's records from their events with the current rules, `chunk` referrals per
 * transaction, through the same locks and writer as ingestion. Unchanged records are not rewritten. Answers
 * what it refolded: with ingestion running beside it, referrals stored meanwhile are refolded too (the walk is
 * by referral reference), so the count is taken as it goes, not at the start.
 */
export async function rebuildAll(
  ds: DataSource,
  chunk: number,
  onChunk?: (referrals: number) => void,
): Promise<{ referrals: number; events: number }> {
  let referrals = 0;
  let events = 0;
  let after = '';
  for (;;) {
    const rows = (await ds.query('SELECT DISTINCT referral_ref FROM events WHERE referral_ref > $1 ORDER BY 1 LIMIT $2', [
      after,
      chunk,
    ])) as { referral_ref: string }[];
    if (rows.length === 0) break;
    const refs = rows.map((r) => r.referral_ref);
    await ds.transaction(async (tx) => {
      const start = await beginWrite(tx, { sender: '', events: [], referralRefs: refs, refoldAll: true });
      await writeRecords(tx, start);
      events += start.events.length;
    });
    referrals += refs.length;
    onChunk?.(refs.length);
    after = refs[refs.length - 1];
  }
  return { referrals, events };
}
