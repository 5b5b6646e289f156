import type { MigrationInterface, QueryRunner } from 'typeorm';
import { WritePath1763840500000 } from './1763840500000-write-path';
import { IngestFunctions1763840600000 } from './1763840600000-ingest-functions';

/**
 * The referral locks are taken at the write of the records, not at the start of the transaction
 * (docs/benchmarks.md, "Third round"; docs/decisions.md, "Referral locks at the write").
 *
 * Measured: consecutive bulk batches nearly always share a referral (a referral's RG decision follows its
 * referral a few batches later), and with the locks taken first, a batch waited at its first statement for
 * the previous batch to commit: its refold, its write and the previous batch's ran one after the other,
 * never side by side. `n200_begin_referral_write` waited 22.7 ms per batch of 1,000 events, 29 % of the
 * server's time in the write functions.
 *
 * Now a write is optimistic up to its locks, and checked under them:
 * - `n200_ingest_begin` joins the as-at fence (shared; src/database/system-time.ts), reads the clock (the
 *   events' stored_at), inserts the events (a replay is skipped by the unique key, which also makes two
 *   writers of one eventId wait for each other, as before) and reads, without locks, the events and record
 *   versions of the referrals to refold.
 * - `n200_write_records` takes the referral locks (sorted by hash, in one statement: no deadlocks), reads
 *   the clock for the records' versions (after the locks, so writers of one record stamp in commit order),
 *   then checks what the caller refolded from against what is committed now: the number of events of each
 *   referral and the version hashes of each record. A writer that inserted events of one of the referrals
 *   and committed after the caller read them changed one of these. It writes the others as before (the
 *   records upsert, and the history and findings versions), and answers with the stale ones (`stale`), with
 *   all their events and record versions as they are now, to be refolded and sent again. Under the locks,
 *   no other writer can commit an event of these referrals (it would need the same locks to commit), so
 *   the second call is never stale.
 */
export class LateReferralLocks1763840800000 implements MigrationInterface {
  name = 'LateReferralLocks1763840800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION n200_write_records(jsonb, jsonb, jsonb, timestamptz, jsonb)');
    await q.query('DROP FUNCTION n200_ingest_begin(text, jsonb, text[], boolean)');
    await q.query('DROP FUNCTION n200_begin_referral_write(text[])');

    // An instant as the service writes it (Date#toISOString: UTC, milliseconds), so that the refold need not
    // parse and format every stored event's clocks again.
    await q.query(`
      CREATE FUNCTION n200_iso(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

    await q.query(`
      CREATE FUNCTION n200_ingest_begin(p_sender text, p_events jsonb, p_refs text[], p_refold_all boolean) RETURNS json
      LANGUAGE plpgsql SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
      DECLARE
        v_now timestamptz;
        v_inserted text[];
        v_new_seqs bigint[];
        v_refold text[];
        v_stored jsonb := '{}';
        v_events json;
        v_records json;
      BEGIN
        -- the as-at fence (shared) is held from before the clock is read until commit
        PERFORM pg_advisory_xact_lock_shared(20201, 0);
        v_now := clock_timestamp();

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
        SELECT coalesce(json_agg(json_build_array(e.seq, e.force, e.referral_ref, e.body, n200_iso(e.received_at), n200_iso(e.stored_at))), '[]')
          INTO v_events
          FROM events e WHERE e.referral_ref = ANY (v_refold) AND e.seq NOT IN (SELECT unnest(v_new_seqs));

        SELECT coalesce(json_agg(json_build_array(x.force, x.referral_ref, x.history_hash, x.findings_hash)), '[]')
          INTO v_records
          FROM records x WHERE x.referral_ref = ANY (v_refold);

        RETURN json_build_object('now', v_now, 'inserted', to_json(v_inserted), 'seqs', to_json(v_new_seqs),
                                 'stored', v_stored, 'events', v_events, 'records', v_records);
      END $$`);

    await q.query('ALTER FUNCTION n200_records_json(jsonb) SET plan_cache_mode = force_generic_plan');

    await q.query(`
      CREATE FUNCTION n200_write_records(p_counts jsonb, p_records jsonb, p_history jsonb, p_findings jsonb, p_answer jsonb) RETURNS json
      LANGUAGE plpgsql SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
      DECLARE
        v_now timestamptz;
        v_stale text[];
        v_written integer;
      BEGIN
        -- The referral locks, in one fixed order (by hash: two writers never deadlock). A referral, not a
        -- record, is the unit: a transfer touches two forces' records. The outer scan keeps the order of
        -- the sorted subquery.
        PERFORM pg_advisory_xact_lock(20200, s.h)
           FROM (SELECT DISTINCT hashtext(c.ref) AS h FROM jsonb_object_keys(p_counts) AS c(ref) ORDER BY 1) AS s;
        v_now := clock_timestamp();

        -- What the caller refolded from, against what is committed now (this statement's snapshot is taken
        -- after the locks): the events of each referral, and each record's version hashes.
        SELECT coalesce(array_agg(DISTINCT s.ref), '{}') INTO v_stale
          FROM (SELECT c.ref
                  FROM jsonb_each_text(p_counts) AS c(ref, n)
                 WHERE (SELECT count(*) FROM events e WHERE e.referral_ref = c.ref) <> c.n::bigint
                UNION ALL
                SELECT x.referral_ref
                  FROM jsonb_to_recordset(p_records) AS x(force text, referral_ref text, seen_history_hash text, seen_findings_hash text)
                  LEFT JOIN LATERAL (SELECT r.history_hash, r.findings_hash FROM records r
                                      WHERE r.force = x.force AND r.referral_ref = x.referral_ref LIMIT 1) AS o ON true
                 WHERE o.history_hash IS DISTINCT FROM x.seen_history_hash
                    OR o.findings_hash IS DISTINCT FROM x.seen_findings_hash) AS s;
        WITH x AS (
          SELECT * FROM jsonb_to_recordset(p_records) AS x(force text, referral_ref text, status text, code text, rule text, reason text,
                 crime_required boolean, rule_set_version text, classified_since timestamptz, referral_type text, crime_reference text,
                 referral_received_at timestamptz, received_date date, recorded_at timestamptz, facts jsonb, event_count integer,
                 crime_expected boolean, rg_positive_received_at timestamptz, crime_recorded_at timestamptz, history_hash text,
                 findings_hash text, history_changed boolean, findings_changed boolean)
           WHERE NOT (x.referral_ref = ANY (v_stale))
        ), up AS (
          INSERT INTO records AS r (force, referral_ref, status, code, rule, reason, crime_required, rule_set_version, classified_since,
                                    referral_type, crime_reference, referral_received_at, received_date, recorded_at, facts, event_count,
                                    crime_expected, rg_positive_received_at, crime_recorded_at, history_hash, findings_hash,
                                    version, created_at, updated_at)
          SELECT x.force, x.referral_ref, x.status, x.code, x.rule, x.reason, x.crime_required, x.rule_set_version, x.classified_since,
                 x.referral_type, x.crime_reference, x.referral_received_at, x.received_date, x.recorded_at, x.facts, x.event_count,
                 x.crime_expected, x.rg_positive_received_at, x.crime_recorded_at, x.history_hash, x.findings_hash,
                 1, v_now, v_now
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
          UPDATE classification_history AS t SET system_to = v_now
           WHERE t.record_id = ANY (ARRAY(SELECT id FROM w WHERE w.history)) AND t.system_to IS NULL
        ), history_added AS (
          INSERT INTO classification_history (record_id, force, status, code, rule, reason, rule_set_version, caused_by_event_id,
                                              received_date, valid_from, valid_to, system_from)
          SELECT w.id, h.force, h.status, h.code, h.rule, h.reason, h.rule_set_version, h.caused_by_event_id,
                 h.received_date, h.valid_from, h.valid_to, v_now
            FROM jsonb_to_recordset(p_history) AS h(force text, referral_ref text, status text, code text, rule text, reason text,
                 rule_set_version text, caused_by_event_id text, received_date date, valid_from timestamptz, valid_to timestamptz)
            JOIN w ON w.force = h.force AND w.referral_ref = h.referral_ref AND w.history
        ), findings_closed AS (
          UPDATE findings AS t SET system_to = v_now
           WHERE t.record_id = ANY (ARRAY(SELECT id FROM w WHERE w.findings)) AND t.system_to IS NULL
        ), findings_added AS (
          INSERT INTO findings (record_id, force, referral_ref, check_id, severity, due_at, resolved_at, evidence, message, system_from)
          SELECT w.id, f.force, f.referral_ref, f.check_id, f.severity, f.due_at, f.resolved_at, f.evidence, f.message, v_now
            FROM jsonb_to_recordset(p_findings) AS f(force text, referral_ref text, check_id text, severity text, due_at timestamptz,
                 resolved_at timestamptz, evidence jsonb, message text)
            JOIN w ON w.force = f.force AND w.referral_ref = f.referral_ref AND w.findings
        )
        SELECT count(*) INTO v_written FROM w;

        -- The stale referrals, as they are now, for the caller to refold and send again (the others are written).
        IF cardinality(v_stale) > 0 THEN
          RETURN json_build_object(
            'stale', to_json(v_stale),
            'events', (SELECT coalesce(json_agg(json_build_array(e.seq, e.force, e.referral_ref, e.body, n200_iso(e.received_at), n200_iso(e.stored_at))), '[]')
                         FROM events e WHERE e.referral_ref = ANY (v_stale)),
            'versions', (SELECT coalesce(json_agg(json_build_array(x.force, x.referral_ref, x.history_hash, x.findings_hash)), '[]')
                          FROM records x WHERE x.referral_ref = ANY (v_stale)));
        END IF;

        -- a later statement, so it sees the rows just written
        RETURN json_build_object('records', n200_records_json(p_answer));
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER FUNCTION n200_records_json(jsonb) RESET plan_cache_mode');
    await q.query('DROP FUNCTION n200_write_records(jsonb, jsonb, jsonb, jsonb, jsonb)');
    await q.query('DROP FUNCTION n200_ingest_begin(text, jsonb, text[], boolean)');
    await q.query('DROP FUNCTION n200_records_json(jsonb)');
    await q.query('DROP FUNCTION n200_iso(timestamptz)');
    // the functions as they were, the locks first (migrations 1763840500000 and 1763840600000)
    await new WritePath1763840500000().up(q);
    await new IngestFunctions1763840600000().up(q);
  }
}
