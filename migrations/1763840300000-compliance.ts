import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Compliance findings (SPEC §6). Bitemporal like classification_history: each refold of a record that
 * changes its findings closes the current rows (system_to) and writes the new set (system_from). A
 * finding is open at T when it is in the version current at T, due_at <= T and not resolved by T.
 * Records gain the columns the summary figures need, so the summary is SQL over indexed columns.
 */
export class Compliance1763840300000 implements MigrationInterface {
  name = 'Compliance1763840300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE findings (
        id bigserial PRIMARY KEY,
        record_id bigint NOT NULL REFERENCES records (id),
        force text NOT NULL,
        referral_ref text NOT NULL,
        check_id text NOT NULL,
        severity text NOT NULL CHECK (severity IN ('error', 'warning')),
        due_at timestamptz NOT NULL,
        resolved_at timestamptz,
        evidence jsonb NOT NULL,
        message text NOT NULL,
        system_from timestamptz NOT NULL,
        system_to timestamptz,
        CHECK (system_to IS NULL OR system_to >= system_from)
      )`);
    await q.query('CREATE INDEX findings_record_current_idx ON findings (record_id) WHERE system_to IS NULL');
    await q.query('CREATE INDEX findings_force_current_idx ON findings (force, check_id, due_at) WHERE system_to IS NULL');
    await q.query('CREATE INDEX findings_unresolved_idx ON findings (force, due_at) WHERE system_to IS NULL AND resolved_at IS NULL');
    await q.query('CREATE INDEX findings_force_system_idx ON findings (force, system_from, id)');
    await q.query('ALTER TABLE records ADD COLUMN crime_expected boolean NOT NULL DEFAULT false');
    await q.query('ALTER TABLE records ADD COLUMN rg_positive_received_at timestamptz');
    await q.query('ALTER TABLE records ADD COLUMN crime_recorded_at timestamptz');
    // Hashes of the current history and findings versions: a refold compares them instead of re-reading rows.
    await q.query('ALTER TABLE records ADD COLUMN history_hash text');
    await q.query('ALTER TABLE records ADD COLUMN findings_hash text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE records DROP COLUMN findings_hash');
    await q.query('ALTER TABLE records DROP COLUMN history_hash');
    await q.query('ALTER TABLE records DROP COLUMN crime_recorded_at');
    await q.query('ALTER TABLE records DROP COLUMN rg_positive_received_at');
    await q.query('ALTER TABLE records DROP COLUMN crime_expected');
    await q.query('DROP TABLE findings');
  }
}
