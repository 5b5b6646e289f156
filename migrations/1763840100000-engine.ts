import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The N200 engine's storage (SPEC §3–§5, ARCHITECTURE "Storage"):
 * - events: append-only, one row per (sender, event_id); the normalised event and a hash of it;
 * - records: one per force and referral, the current classification and the facts checks and returns need;
 * - classification_history: bitemporal. valid_from/valid_to are world time (when a code became true),
 *   system_from/system_to service time (when the service believed it). A refold that changes a record's
 *   history closes the current rows (system_to) and writes the new ones; nothing is ever deleted.
 */
export class Engine1763840100000 implements MigrationInterface {
  name = 'Engine1763840100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        seq bigserial PRIMARY KEY,
        sender text NOT NULL,
        event_id text NOT NULL,
        type text NOT NULL,
        force text NOT NULL REFERENCES forces (code),
        referral_ref text NOT NULL,
        body jsonb NOT NULL,
        content_hash text NOT NULL,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        stored_at timestamptz NOT NULL,
        CONSTRAINT events_sender_event_id_key UNIQUE (sender, event_id)
      )`);
    await q.query('CREATE INDEX events_referral_ref_idx ON events (referral_ref)');
    await q.query(`
      CREATE TABLE records (
        id bigserial PRIMARY KEY,
        force text NOT NULL REFERENCES forces (code),
        referral_ref text NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'INCOMPLETE', 'CANCELLED')),
        code text CHECK (code IN ('N200/01', 'N200/02', 'N200/03', 'N200/04', 'N200/05', 'N200/06', '106')),
        rule text NOT NULL,
        reason text NOT NULL,
        crime_required boolean NOT NULL,
        rule_set_version text NOT NULL,
        classified_since timestamptz NOT NULL,
        referral_type text,
        crime_reference text,
        referral_received_at timestamptz,
        received_date date,
        recorded_at timestamptz,
        facts jsonb NOT NULL,
        event_count integer NOT NULL,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT records_force_referral_ref_key UNIQUE (force, referral_ref)
      )`);
    await q.query('CREATE INDEX records_referral_ref_idx ON records (referral_ref)');
    await q.query('CREATE INDEX records_force_received_date_idx ON records (force, received_date, id)');
    await q.query('CREATE INDEX records_force_code_idx ON records (force, code, id)');
    await q.query(`
      CREATE TABLE classification_history (
        id bigserial PRIMARY KEY,
        record_id bigint NOT NULL REFERENCES records (id),
        force text NOT NULL,
        status text NOT NULL,
        code text,
        rule text NOT NULL,
        reason text NOT NULL,
        rule_set_version text NOT NULL,
        caused_by_event_id text NOT NULL,
        received_date date,
        valid_from timestamptz NOT NULL,
        valid_to timestamptz,
        system_from timestamptz NOT NULL,
        system_to timestamptz,
        CHECK (valid_to IS NULL OR valid_to > valid_from),
        CHECK (system_to IS NULL OR system_to >= system_from)
      )`);
    await q.query('CREATE INDEX classification_history_record_idx ON classification_history (record_id, system_from)');
    await q.query('CREATE INDEX classification_history_current_idx ON classification_history (record_id) WHERE system_to IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE classification_history');
    await q.query('DROP TABLE records');
    await q.query('DROP TABLE events');
  }
}
