import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The classification change feed (`GET /v1/forces/:force/classification-changes`; docs/decisions.md,
 * "Classification changes are read from the history"): the records of a force whose history gained a
 * version in a window of service time are found by this index (one entry per history version's current
 * row, written only when a record's history changes), and what they were and are is read as at each end of
 * the window through the record's own index. The feed is an access (DPA 2018 s62): `CHANGES_LISTED`.
 *
 * `change_relay` holds the end of the last window the change relay published to RabbitMQ (src/records/
 * change-relay.ts): one row, starting at the migration (changes before it are in the feed, not published).
 */
// A migration keeps its own list (not src/audit's): later code must not change what it did.
const ACTIONS_BEFORE = [
  'RECORD_READ',
  'RECORDS_LISTED',
  'FINDINGS_LISTED',
  'FINDINGS_EXPORTED',
  'WORKLIST_READ',
  'REVISIONS_READ',
  'REPLAY_ANSWERED',
];
const ACTIONS = [...ACTIONS_BEFORE, 'CHANGES_LISTED'];

const actionCheck = (actions: string[]) => `CHECK (action IN (${actions.map((a) => `'${a}'`).join(', ')}))`;

export class ClassificationChanges1763841300000 implements MigrationInterface {
  name = 'ClassificationChanges1763841300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX classification_history_changes_idx ON classification_history (force, system_from)
        INCLUDE (record_id) WHERE valid_to IS NULL`);
    await q.query('ALTER TABLE access_log DROP CONSTRAINT access_log_action_check');
    await q.query(`ALTER TABLE access_log ADD CONSTRAINT access_log_action_check ${actionCheck(ACTIONS)}`);
    await q.query('CREATE TABLE change_relay (id smallint PRIMARY KEY CHECK (id = 1), published_until timestamptz NOT NULL)');
    await q.query('INSERT INTO change_relay (id, published_until) VALUES (1, clock_timestamp())');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE change_relay');
    await q.query('ALTER TABLE access_log DROP CONSTRAINT access_log_action_check');
    await q.query(`ALTER TABLE access_log ADD CONSTRAINT access_log_action_check ${actionCheck(ACTIONS_BEFORE)} NOT VALID`);
    await q.query('DROP INDEX classification_history_changes_idx');
  }
}
