import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access log rows join the as-at fence (src/database/system-time.ts), so that the log can be polled by time
 * and miss nothing (docs/decisions.md, "The access log can be polled"). Before, a row's `at` was read when it
 * was inserted and it became visible when it committed: a slow insert (a 100,000-record export) committed after
 * rows stamped later, and a poller that had read past them never saw it.
 *
 * `n200_access_log_append` takes the fence shared, then inserts the rows (their `at` is read after the lock),
 * in one statement: every row is written through it. A reader that calls `settledNow()` gets a time T such
 * that every row stamped before T has committed and every later row is stamped after T.
 *
 * A lock it waits for more than 5 s (the table locked by an operator, say) fails the insert (SQLSTATE 55P03),
 * and the reads waiting for it are answered 503 with Retry-After (src/common/database-unavailable.ts) instead of
 * waiting for as long as the lock is held.
 */
export class AccessLogFence1763841400000 implements MigrationInterface {
  name = 'AccessLogFence1763841400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION n200_access_log_append(p_entries jsonb) RETURNS void LANGUAGE plpgsql SET lock_timeout = '5s' AS $$
      BEGIN
        -- the as-at fence (shared) is held from before the rows' clock is read until commit
        PERFORM pg_advisory_xact_lock_shared(20201, 0);
        INSERT INTO access_log (actor, channel, correlation_id, action, forces, records, record_count, query)
        SELECT x.e->>'actor', x.e->>'channel', x.e->>'correlation_id', x.e->>'action',
               ARRAY(SELECT jsonb_array_elements_text(x.e->'forces')), x.e->'records', jsonb_array_length(x.e->'records'),
               x.e->'query'
          FROM jsonb_array_elements(p_entries) WITH ORDINALITY AS x(e, n)
         ORDER BY x.n;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION n200_access_log_append(jsonb)');
  }
}
