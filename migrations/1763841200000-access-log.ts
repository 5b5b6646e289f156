import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access log (Data Protection Act 2018 s62; ARCHITECTURE "Security"; docs/decisions.md, "The access log"):
 * one row for each answer that disclosed records to a caller: who (the token's `sub`), when, what (the action,
 * the request's filter, and the keys of the records it disclosed), and the request id that joins it to the
 * service's log lines. Changes are logged by the events themselves (sender, event id, stored_at), so this
 * table is the log of consultation and disclosure.
 *
 * Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE, as for submitted returns. "Who consulted this
 * record?" is a containment query on `records` (`@> '[["E23000010","NRM-1"]]'`), served by the GIN index.
 */
export class AccessLog1763841200000 implements MigrationInterface {
  name = 'AccessLog1763841200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor text NOT NULL,
        action text NOT NULL
          CHECK (action IN ('RECORD_READ', 'RECORDS_LISTED', 'FINDINGS_LISTED', 'FINDINGS_EXPORTED', 'WORKLIST_READ', 'REVISIONS_READ', 'REPLAY_ANSWERED')),
        channel text NOT NULL CHECK (channel IN ('HTTP', 'BROKER', 'CLI')),
        correlation_id text NOT NULL,
        forces text[] NOT NULL,
        records jsonb NOT NULL CHECK (jsonb_typeof(records) = 'array'),
        record_count integer NOT NULL CHECK (record_count = jsonb_array_length(records)),
        query jsonb NOT NULL CHECK (jsonb_typeof(query) = 'object')
      )`);
    await q.query('CREATE INDEX access_log_at_idx ON access_log (at, id)');
    await q.query('CREATE INDEX access_log_actor_idx ON access_log (actor, id)');
    await q.query('CREATE INDEX access_log_forces_idx ON access_log USING gin (forces)');
    await q.query('CREATE INDEX access_log_records_idx ON access_log USING gin (records jsonb_path_ops)');
    await q.query(`
      CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the access log is append-only' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
        FOR EACH ROW EXECUTE FUNCTION access_log_append_only()`);
    await q.query(`
      CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
        FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE access_log');
    await q.query('DROP FUNCTION access_log_append_only()');
  }
}
