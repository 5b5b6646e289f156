import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The start of every write of records, in one round trip (each statement costs a network round trip, and
 * single-event ingest is bound by them): join the as-at fence (shared), lock the referrals in a fixed
 * order (no deadlocks), then read the service time, strictly in that order (PL/pgSQL runs statements in
 * sequence; a single SELECT would not guarantee the clock is read after the locks).
 */
export class WritePath1763840500000 implements MigrationInterface {
  name = 'WritePath1763840500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION n200_begin_referral_write(refs text[]) RETURNS timestamptz LANGUAGE plpgsql AS $$
      DECLARE
        h integer;
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(20201, 0);
        FOR h IN SELECT DISTINCT hashtext(r) FROM unnest(refs) AS r ORDER BY 1 LOOP
          PERFORM pg_advisory_xact_lock(20200, h);
        END LOOP;
        RETURN clock_timestamp();
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION n200_begin_referral_write(text[])');
  }
}
