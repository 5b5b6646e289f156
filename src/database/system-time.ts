import type { DataSource } from 'typeorm';

/**
 * Service time ("system time") that as-at reads can trust (SPEC §5: a return or a finding list as at T is
 * exactly what the service would have answered at T).
 *
 * A writer stamps its rows with a clock reading taken inside its transaction, before it commits; a reader
 * at that moment could use a later "now" and still not see those rows, and the same question asked again
 * later would. So writers and as-at readers meet at a fence, an advisory lock:
 * - every writer holds it SHARED from before it reads the clock until it commits;
 * - a reader takes it EXCLUSIVE just to read the clock (`settledNow`), which waits for the writers in
 *   flight to commit, and makes later writers read the clock after it.
 * After `settledNow()` returns T, every row stamped at or before T is committed, and every later write is
 * stamped after T. Writers never wait for each other here (shared), only briefly behind a reader.
 */
const FENCE = [20201, 0] as const;

// Writers join the fence in n200_ingest_begin() (migration 1763840800000, called by
// src/records/record-writer.ts beginWrite): shared lock (20201, 0), then the clock; the referral locks come
// later, at the write of the records (n200_write_records), which reads the clock again for their versions.

/**
 * The current service time once every write stamped before it has committed. Runs in its own short
 * transaction (never inside a reader's transaction: the reader's snapshot must be taken after this).
 */
export function settledNow(dataSource: DataSource): Promise<Date> {
  return dataSource.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${FENCE[0]}, ${FENCE[1]})`);
    const [{ now }] = (await tx.query('SELECT clock_timestamp() AS now')) as [{ now: Date }];
    return now;
  });
}

/** An instant as the cursors and windows write it: UTC to the microsecond (as `to_char(… 'US')` prints it). */
export const micros = (d: Date) => d.toISOString().replace('Z', '000Z');
