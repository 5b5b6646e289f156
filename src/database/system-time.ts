import type { DataSource, EntityManager } from 'typeorm';

/**
 * Service time ("system time") that as-at reads can trust (SPEC §5: a return or a finding list as at T is
 * exactly what the service would have answered at T).
 *
 * A writer stamps its rows with a clock reading taken inside its transaction, before it commits; a reader
 * at that moment could use a later "now" and still not see those rows, and the same question asked again
 * later would. So writers and as-at readers meet at a fence, an advisory lock:
 * - every writer holds it SHARED from before it reads the clock until it commits (`enterWriter`);
 * - a reader takes it EXCLUSIVE just to read the clock (`settledNow`), which waits for the writers in
 *   flight to commit, and makes later writers read the clock after it.
 * After `settledNow()` returns T, every row stamped at or before T is committed, and every later write is
 * stamped after T. Writers never wait for each other here (shared), only briefly behind a reader.
 */
const FENCE = [20201, 0] as const;

/** Writers: join the fence (shared) first thing in the transaction; it is held until commit. */
export async function enterWriter(tx: EntityManager): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock_shared(${FENCE[0]}, ${FENCE[1]})`);
}

/**
 * Writers: the system time to stamp rows with. Read it after taking the row locks, so that writers of
 * one record stamp in commit order (a later writer never closes a row with an earlier time).
 */
export async function writerClock(tx: EntityManager): Promise<Date> {
  const [{ now }] = (await tx.query('SELECT clock_timestamp() AS now')) as [{ now: Date }];
  return now;
}

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
