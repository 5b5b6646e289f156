import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `n200_write_records_once`: `n200_write_records` (migration 1763840800000) for a transaction that sends its
 * COMMIT together with this call (src/database/one-trip.ts). Such a caller cannot refold a stale referral and
 * send it again before the COMMIT runs, so instead of answering the stale referrals this raises
 * `serialization_failure` (40001): the transaction is aborted, the COMMIT behind the call rolls it back, and
 * the caller runs it again the other way (a statement a trip, where stale referrals are refolded under their
 * locks). The rows a stale answer would have written are rolled back with it, so nothing is half written.
 */
export class OneTripWrite1763841000000 implements MigrationInterface {
  name = 'OneTripWrite1763841000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION n200_write_records_once(p_counts jsonb, p_records jsonb, p_history jsonb, p_findings jsonb, p_answer jsonb)
      RETURNS json LANGUAGE plpgsql AS $$
      DECLARE
        v_written json := n200_write_records(p_counts, p_records, p_history, p_findings, p_answer);
      BEGIN
        IF v_written -> 'stale' IS NOT NULL THEN
          RAISE EXCEPTION 'referrals changed since they were read: %', json_array_length(v_written -> 'stale')
            USING ERRCODE = 'serialization_failure';
        END IF;
        RETURN v_written;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION n200_write_records_once(jsonb, jsonb, jsonb, jsonb, jsonb)');
  }
}
