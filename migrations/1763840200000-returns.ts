import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistical returns (SPEC §7): the index the as-at return query reads, and submitted returns, which
 * are stored whole and can never change (a trigger refuses UPDATE and DELETE).
 */
export class Returns1763840200000 implements MigrationInterface {
  name = 'Returns1763840200000';

  async up(q: QueryRunner): Promise<void> {
    // The latest classification of each history version, by local date of receipt: what a return counts.
    await q.query(`
      CREATE INDEX classification_history_return_idx ON classification_history (received_date, force)
        INCLUDE (code, status, system_from, system_to, record_id) WHERE valid_to IS NULL`);
    await q.query(`
      CREATE TABLE return_submissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        force text NOT NULL,
        period text NOT NULL,
        as_at timestamptz NOT NULL,
        content jsonb NOT NULL,
        content_hash text NOT NULL,
        submitted_by text NOT NULL,
        submitted_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX return_submissions_force_idx ON return_submissions (force, submitted_at)');
    await q.query(`
      CREATE FUNCTION return_submissions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'submitted returns are immutable' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER return_submissions_immutable BEFORE UPDATE OR DELETE ON return_submissions
        FOR EACH ROW EXECUTE FUNCTION return_submissions_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE return_submissions');
    await q.query('DROP FUNCTION return_submissions_immutable()');
    await q.query('DROP INDEX classification_history_return_idx');
  }
}
