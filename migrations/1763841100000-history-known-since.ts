import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A classification history entry is known since it (last) appeared, not since its row version was written
 * (SPEC §3 "the time the service learned it"; docs/decisions.md, "A history entry is known since it (last)
 * appeared").
 *
 * The history of a record is versioned as a set: a change closes every current row (system_to) and inserts
 * the whole new set (system_from), so system_from is when the *set* was written. `known_since` is when the
 * entry itself was: `n200_write_records` carries it from the current row of the same entry (every column
 * the record view shows of an entry but valid_to, which moves when a later entry follows) into the row that
 * replaces it, or sets it to the write's time when there is none. The lookup is one probe of the record's
 * current rows by the partial index the closing UPDATE of the same statement already uses (and they share
 * its snapshot: the rows as they were before the statement), made only when the history changed.
 *
 * Rows already stored get what the write would have given them: within one record and one entry, the
 * system_from of the start of the unbroken run of versions the row belongs to (a row whose predecessor of the
 * same entry was closed exactly when it was written continues that run).
 *
 * `n200_records_json` answers `known_since` in place of `system_from`.
 */

/** The columns that make two rows of one record the same history entry, in `a` and `b`. */
const sameEntry = (a: string, b: string): string =>
  `${a}.status = ${b}.status AND ${a}.code IS NOT DISTINCT FROM ${b}.code AND ${a}.rule = ${b}.rule AND ${a}.reason = ${b}.reason
             AND ${a}.rule_set_version = ${b}.rule_set_version AND ${a}.caused_by_event_id = ${b}.caused_by_event_id
             AND ${a}.valid_from = ${b}.valid_from`;

/** The entry's known_since in the row a write inserts: the current row's of the same entry, or the write's time. */
const CARRIED_KNOWN_SINCE = `,
                 coalesce((SELECT min(o.known_since) FROM classification_history o
                            WHERE o.record_id = w.id AND o.system_to IS NULL
                              AND ${sameEntry('o', 'h')}), v_now)`;

/** `n200_write_records` (migration 1763840800000), with known_since carried or (for down) not. */
const writeRecords = (knownSince: boolean): string => `
      CREATE OR REPLACE FUNCTION n200_write_records(p_counts jsonb, p_records jsonb, p_history jsonb, p_findings jsonb, p_answer jsonb) RETURNS json
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
                                              received_date, valid_from, valid_to, system_from${knownSince ? ', known_since' : ''})
          SELECT w.id, h.force, h.status, h.code, h.rule, h.reason, h.rule_set_version, h.caused_by_event_id,
                 h.received_date, h.valid_from, h.valid_to, v_now${knownSince ? CARRIED_KNOWN_SINCE : ''}
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
      END $$`;

/** `n200_records_json` (migration 1763840600000; plan_cache_mode from 1763840800000), answering `column` as the entry's service time. */
const recordsJson = (column: 'known_since' | 'system_from'): string => `
      CREATE OR REPLACE FUNCTION n200_records_json(p_keys jsonb) RETURNS json
      LANGUAGE plpgsql SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
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
                                        'valid_from', h.valid_from, 'valid_to', h.valid_to, '${column}', h.${column})
                                      ORDER BY h.valid_from)
                       FROM classification_history h WHERE h.record_id = r.id AND h.system_to IS NULL), '[]'))), '[]')
            FROM (SELECT DISTINCT k->>0 AS force, k->>1 AS referral_ref FROM jsonb_array_elements(p_keys) AS k) AS k,
                 -- LIMIT 1 (the key is unique) keeps this a lookup per key by the unique index, whatever the
                 -- statistics (an unanalyzed table had the planner hash-join a whole-table scan)
                 LATERAL (SELECT * FROM records x WHERE x.force = k.force AND x.referral_ref = k.referral_ref LIMIT 1) AS r);
      END $$`;

/** One record's rows of one entry, oldest version first. */
const ENTRY_WINDOW = `PARTITION BY record_id, status, code, rule, reason, rule_set_version, caused_by_event_id, valid_from ORDER BY system_from`;

export class HistoryKnownSince1763841100000 implements MigrationInterface {
  name = 'HistoryKnownSince1763841100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE classification_history ADD COLUMN known_since timestamptz');
    // A row starts a run unless the previous row of its entry was closed when it was written; it is known
    // since the start of its run (max ignores the NULLs of the rows that continue one).
    await q.query(`
      UPDATE classification_history AS t SET known_since = s.known_since
        FROM (SELECT r.id, max(r.run_start) OVER entry AS known_since
                FROM (SELECT id, record_id, status, code, rule, reason, rule_set_version, caused_by_event_id, valid_from, system_from,
                             CASE WHEN lag(system_to) OVER entry = system_from THEN NULL ELSE system_from END AS run_start
                        FROM classification_history
                      WINDOW entry AS (${ENTRY_WINDOW})) AS r
              WINDOW entry AS (${ENTRY_WINDOW})) AS s
       WHERE t.id = s.id`);
    await q.query('ALTER TABLE classification_history ALTER COLUMN known_since SET NOT NULL');
    await q.query(
      'ALTER TABLE classification_history ADD CONSTRAINT classification_history_known_since_check CHECK (known_since <= system_from)',
    );
    await q.query(writeRecords(true));
    await q.query(recordsJson('known_since'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(recordsJson('system_from'));
    await q.query(writeRecords(false));
    await q.query('ALTER TABLE classification_history DROP COLUMN known_since');
  }
}
