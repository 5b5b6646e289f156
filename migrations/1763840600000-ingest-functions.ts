import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The write path of records in two round trips instead of seven (docs/benchmarks.md, "Making it fast"):
 * single-event ingest was bound by statements (each a network round trip, a parse and a plan), and PL/pgSQL
 * keeps its plans for the session, so these statements are parsed and planned once per connection.
 *
 * Every table access in them is a lookup by an index (a referral's events, a record by its key, a record's
 * current versions), written as `column = ANY (array)` or a LATERAL lookup, never as a join the planner could
 * turn into a hash join over a whole table. PL/pgSQL plans a statement once per session, and a plan made
 * while a table was still small (a fresh database) is a whole-table scan or hash join kept as the table
 * grows: measured, single events on a fresh database fell from 670 to 390 requests/s within 16 s, and came
 * back to 1,100 when the service restarted. So the functions also run with `enable_seqscan = off`: the
 * index plans whatever the statistics.
 *
 * - `n200_ingest_begin` starts a write: the as-at fence and the referral locks (n200_begin_referral_write,
 *   which also reads the service clock), then the events insert (a replay is skipped by the unique key),
 *   then, for the referrals that gained an event (or all of them, for a rebuild), their events stored
 *   before (the caller has the ones it has just sent: they are not sent back, and it gets their `seq`) and
 *   the version hashes of their records. PL/pgSQL runs its statements in order and each one takes a new
 *   snapshot (READ COMMITTED), so the reads come after the locks and see every committed event: this is why
 *   it is one function and not one statement.
 * - `n200_write_records` upserts the refolded records (a record whose facts and versions did not move is
 *   left alone) and, for those whose classification history or findings changed, closes the current
 *   versions (system_to = now) and inserts the new ones (system_from = now), in one statement: the closing
 *   and the inserting parts touch disjoint rows, so their shared snapshot is harmless. Nothing is deleted.
 *   It answers with the records asked for (`n200_records_json`, read after the write, under the same locks),
 *   so a single event's answer costs no further round trip.
 * - `n200_records_json` reads records with their current classification history, as JSON: the one
 *   definition of "a record as the API shows it" for the write path and GET.
 */
export class IngestFunctions1763840600000 implements MigrationInterface {
  name = 'IngestFunctions1763840600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION n200_ingest_begin(p_sender text, p_events jsonb, p_refs text[], p_refold_all boolean) RETURNS json
      LANGUAGE plpgsql SET enable_seqscan = off AS $$
      DECLARE
        v_now timestamptz;
        v_inserted text[];
        v_new_seqs bigint[];
        v_refold text[];
        v_stored jsonb := '{}';
        v_events json;
        v_records json;
      BEGIN
        v_now := n200_begin_referral_write(p_refs);

        WITH ins AS (
          INSERT INTO events (sender, event_id, type, force, referral_ref, body, content_hash, occurred_at, received_at, stored_at)
          SELECT p_sender, x.event_id, x.type, x.force, x.referral_ref, x.body, x.content_hash, x.occurred_at, x.received_at, v_now
            FROM jsonb_to_recordset(p_events)
                 AS x(event_id text, type text, force text, referral_ref text, body jsonb, content_hash text,
                      occurred_at timestamptz, received_at timestamptz, ord bigint)
           ORDER BY x.ord
          ON CONFLICT (sender, event_id) DO NOTHING
          RETURNING seq, event_id, referral_ref)
        SELECT coalesce(array_agg(event_id ORDER BY seq), '{}'), coalesce(array_agg(seq ORDER BY seq), '{}'),
               coalesce(array_agg(DISTINCT referral_ref), '{}')
          INTO v_inserted, v_new_seqs, v_refold
          FROM ins;

        -- Replays: the stored content hash of each event that was already there (same or changed content?).
        IF cardinality(v_inserted) < jsonb_array_length(p_events) THEN
          SELECT coalesce(jsonb_object_agg(e.event_id, e.content_hash), '{}')
            INTO v_stored
            FROM events e
           WHERE e.sender = p_sender
             AND e.event_id = ANY (ARRAY(SELECT x.event_id FROM jsonb_to_recordset(p_events) AS x(event_id text)
                                         EXCEPT SELECT unnest(v_inserted)));
        END IF;

        IF p_refold_all THEN
          v_refold := p_refs;
        END IF;

        -- the events stored before: the caller has the ones it has just sent (and their seq, below)
        SELECT coalesce(json_agg(json_build_array(e.seq, e.force, e.referral_ref, e.body, e.received_at, e.stored_at)), '[]')
          INTO v_events
          FROM events e WHERE e.referral_ref = ANY (v_refold) AND e.seq NOT IN (SELECT unnest(v_new_seqs));

        SELECT coalesce(json_agg(json_build_array(x.force, x.referral_ref, x.history_hash, x.findings_hash)), '[]')
          INTO v_records
          FROM records x WHERE x.referral_ref = ANY (v_refold);

        RETURN json_build_object('now', v_now, 'inserted', to_json(v_inserted), 'seqs', to_json(v_new_seqs),
                                 'stored', v_stored, 'events', v_events, 'records', v_records);
      END $$`);

    await q.query(`
      CREATE FUNCTION n200_records_json(p_keys jsonb) RETURNS json LANGUAGE plpgsql SET enable_seqscan = off AS $$
      BEGIN
        RETURN (
          SELECT coalesce(json_agg(json_build_object(
                   'id', r.id::text, 'force', r.force, 'referral_ref', r.referral_ref, 'status', r.status, 'code', r.code,
                   'rule', r.rule, 'reason', r.reason, 'crime_required', r.crime_required, 'rule_set_version', r.rule_set_version,
                   'classified_since', r.classified_since, 'referral_type', r.referral_type, 'crime_reference', r.crime_reference,
                   'referral_received_at', r.referral_received_at, 'received_date', r.received_date, 'recorded_at', r.recorded_at,
                   'facts', r.facts, 'event_count', r.event_count, 'version', r.version, 'created_at', r.created_at,
                   'updated_at', r.updated_at,
                   'history', coalesce((
                     SELECT json_agg(json_build_object('status', h.status, 'code', h.code, 'rule', h.rule, 'reason', h.reason,
                                        'rule_set_version', h.rule_set_version, 'caused_by_event_id', h.caused_by_event_id,
                                        'valid_from', h.valid_from, 'valid_to', h.valid_to, 'system_from', h.system_from)
                                      ORDER BY h.valid_from)
                       FROM classification_history h WHERE h.record_id = r.id AND h.system_to IS NULL), '[]'))), '[]')
            FROM (SELECT DISTINCT k->>0 AS force, k->>1 AS referral_ref FROM jsonb_array_elements(p_keys) AS k) AS k,
                 -- LIMIT 1 (the key is unique) keeps this a lookup per key by the unique index, whatever the
                 -- statistics (an unanalyzed table had the planner hash-join a whole-table scan)
                 LATERAL (SELECT * FROM records x WHERE x.force = k.force AND x.referral_ref = k.referral_ref LIMIT 1) AS r);
      END $$`);

    await q.query(`
      CREATE FUNCTION n200_write_records(p_records jsonb, p_history jsonb, p_findings jsonb, p_now timestamptz, p_answer jsonb) RETURNS json
      LANGUAGE plpgsql SET enable_seqscan = off AS $$
      DECLARE
        v_written integer;
      BEGIN
        WITH x AS (
          SELECT * FROM jsonb_to_recordset(p_records) AS x(force text, referral_ref text, status text, code text, rule text, reason text,
                 crime_required boolean, rule_set_version text, classified_since timestamptz, referral_type text, crime_reference text,
                 referral_received_at timestamptz, received_date date, recorded_at timestamptz, facts jsonb, event_count integer,
                 crime_expected boolean, rg_positive_received_at timestamptz, crime_recorded_at timestamptz, history_hash text,
                 findings_hash text, history_changed boolean, findings_changed boolean)
        ), up AS (
          INSERT INTO records AS r (force, referral_ref, status, code, rule, reason, crime_required, rule_set_version, classified_since,
                                    referral_type, crime_reference, referral_received_at, received_date, recorded_at, facts, event_count,
                                    crime_expected, rg_positive_received_at, crime_recorded_at, history_hash, findings_hash,
                                    version, created_at, updated_at)
          SELECT x.force, x.referral_ref, x.status, x.code, x.rule, x.reason, x.crime_required, x.rule_set_version, x.classified_since,
                 x.referral_type, x.crime_reference, x.referral_received_at, x.received_date, x.recorded_at, x.facts, x.event_count,
                 x.crime_expected, x.rg_positive_received_at, x.crime_recorded_at, x.history_hash, x.findings_hash,
                 1, p_now, p_now
            FROM x
          ON CONFLICT (force, referral_ref) DO UPDATE SET
                 status = EXCLUDED.status, code = EXCLUDED.code, rule = EXCLUDED.rule, reason = EXCLUDED.reason,
                 crime_required = EXCLUDED.crime_required, rule_set_version = EXCLUDED.rule_set_version,
                 classified_since = EXCLUDED.classified_since, referral_type = EXCLUDED.referral_type,
                 crime_reference = EXCLUDED.crime_reference, referral_received_at = EXCLUDED.referral_received_at,
                 received_date = EXCLUDED.received_date, recorded_at = EXCLUDED.recorded_at, facts = EXCLUDED.facts,
                 event_count = EXCLUDED.event_count, crime_expected = EXCLUDED.crime_expected,
                 rg_positive_received_at = EXCLUDED.rg_positive_received_at, crime_recorded_at = EXCLUDED.crime_recorded_at,
                 history_hash = EXCLUDED.history_hash, findings_hash = EXCLUDED.findings_hash, version = r.version + 1,
                 updated_at = EXCLUDED.updated_at
           -- a record whose facts did not move (another force's event on the same referral) is left alone
           WHERE r.facts IS DISTINCT FROM EXCLUDED.facts OR r.event_count IS DISTINCT FROM EXCLUDED.event_count
              OR r.rule_set_version IS DISTINCT FROM EXCLUDED.rule_set_version
              OR r.history_hash IS DISTINCT FROM EXCLUDED.history_hash OR r.findings_hash IS DISTINCT FROM EXCLUDED.findings_hash
          RETURNING r.id, r.force, r.referral_ref
        ), w AS (
          SELECT up.id, up.force, up.referral_ref, x.history_changed AS history, x.findings_changed AS findings
            FROM up JOIN x ON x.force = up.force AND x.referral_ref = up.referral_ref
        ), history_closed AS (
          UPDATE classification_history AS t SET system_to = p_now
           WHERE t.record_id = ANY (ARRAY(SELECT id FROM w WHERE w.history)) AND t.system_to IS NULL
        ), history_added AS (
          INSERT INTO classification_history (record_id, force, status, code, rule, reason, rule_set_version, caused_by_event_id,
                                              received_date, valid_from, valid_to, system_from)
          SELECT w.id, h.force, h.status, h.code, h.rule, h.reason, h.rule_set_version, h.caused_by_event_id,
                 h.received_date, h.valid_from, h.valid_to, p_now
            FROM jsonb_to_recordset(p_history) AS h(force text, referral_ref text, status text, code text, rule text, reason text,
                 rule_set_version text, caused_by_event_id text, received_date date, valid_from timestamptz, valid_to timestamptz)
            JOIN w ON w.force = h.force AND w.referral_ref = h.referral_ref AND w.history
        ), findings_closed AS (
          UPDATE findings AS t SET system_to = p_now
           WHERE t.record_id = ANY (ARRAY(SELECT id FROM w WHERE w.findings)) AND t.system_to IS NULL
        ), findings_added AS (
          INSERT INTO findings (record_id, force, referral_ref, check_id, severity, due_at, resolved_at, evidence, message, system_from)
          SELECT w.id, f.force, f.referral_ref, f.check_id, f.severity, f.due_at, f.resolved_at, f.evidence, f.message, p_now
            FROM jsonb_to_recordset(p_findings) AS f(force text, referral_ref text, check_id text, severity text, due_at timestamptz,
                 resolved_at timestamptz, evidence jsonb, message text)
            JOIN w ON w.force = f.force AND w.referral_ref = f.referral_ref AND w.findings
        )
        SELECT count(*) INTO v_written FROM w;

        -- a later statement, so it sees the rows just written
        RETURN n200_records_json(p_answer);
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION n200_write_records(jsonb, jsonb, jsonb, timestamptz, jsonb)');
    await q.query('DROP FUNCTION n200_records_json(jsonb)');
    await q.query('DROP FUNCTION n200_ingest_begin(text, jsonb, text[], boolean)');
  }
}
