import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foreign keys of the tables the service derives from the events (records → forces, and
 * classification_history and findings → records) are replaced by the guarantees of their only writer
 * (docs/decisions.md, "Foreign keys of the derived tables"; docs/benchmarks.md, "Third round").
 *
 * Measured with auto_explain on batches of 1,000 events: PostgreSQL checks a foreign key with one query per
 * inserted row, run after the statement (`SELECT 1 FROM records WHERE id = $1 FOR KEY SHARE`), and the
 * ~1,400 checks of a batch took 18 of the 42 ms of its records write; the server's CPU is half of what
 * bulk ingest costs on this machine.
 *
 * What keeps the rows consistent without them:
 * - `n200_write_records` (migration 1763840800000) is the only writer of all three tables; it takes the
 *   record ids of the history and findings rows from the records upsert's RETURNING, in the same statement;
 * - a record's force is an event's force or a transfer's toForce, both checked against the 44 forces
 *   before anything is written (src/hocr/validate-event.ts), and events.force keeps its foreign key;
 * - records are never deleted: the trigger below refuses it (a record is cancelled by an event, SPEC §4).
 */
export class DerivedTableKeys1763840900000 implements MigrationInterface {
  name = 'DerivedTableKeys1763840900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE classification_history DROP CONSTRAINT classification_history_record_id_fkey');
    await q.query('ALTER TABLE findings DROP CONSTRAINT findings_record_id_fkey');
    await q.query('ALTER TABLE records DROP CONSTRAINT records_force_fkey');
    await q.query(`
      CREATE FUNCTION records_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'records are never deleted (a record is cancelled by an event)' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(
      'CREATE TRIGGER records_never_deleted BEFORE DELETE ON records FOR EACH STATEMENT EXECUTE FUNCTION records_never_deleted()',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER records_never_deleted ON records');
    await q.query('DROP FUNCTION records_never_deleted()');
    await q.query('ALTER TABLE records ADD CONSTRAINT records_force_fkey FOREIGN KEY (force) REFERENCES forces (code)');
    await q.query('ALTER TABLE findings ADD CONSTRAINT findings_record_id_fkey FOREIGN KEY (record_id) REFERENCES records (id)');
    await q.query(
      'ALTER TABLE classification_history ADD CONSTRAINT classification_history_record_id_fkey FOREIGN KEY (record_id) REFERENCES records (id)',
    );
  }
}
