/**
 * Benchmark (not a test) of the statistical return at one million records (issue 4, deliverable 5).
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/returns/returns-bench.js [--records 1000000] [--regenerate] [--runs 5]
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/n200_bench) names a PostgreSQL database whose
 * name contains "bench"; it is created when absent and migrated. The data is generated directly in SQL
 * (generate_series, a fixed seed) when the records table does not already hold --records rows (or with
 * --regenerate): forces weighted by forces.police_nrm_referrals_2023, Europe/London dates of receipt
 * from 2019-04-01 to 2026-10-31, and a bitemporal history shaped as the engine writes it:
 *   - ~60% two classifications (N200/01, then 106 after a positive RG or N200/02 after a negative one):
 *     version 1 = one row N200/01 (valid_to NULL), closed at system time t2; version 2 = two rows
 *     (N200/01 valid to the decision, then the new code, valid_to NULL) from t2;
 *   - ~3% cancelled the same way (second row status CANCELLED, no code);
 *   - ~1% INCOMPLETE (a decision before its referral: no code, no date of receipt);
 *   - the rest one classification: N200/01 pending, 106 police referral, N200/03 DtN, N200/04, N200/05, N200/06.
 * The events table stays empty. Then VACUUM ANALYZE, and it times, median of --runs warm runs:
 *   - computeReturn(ds, { force: 'ALL', period: '2024-25' }) and for the largest force;
 *   - the bare SQL RETURN_COUNTS_SQL (no document building);
 *   - the baseline `SELECT force, code, count(*) FROM records WHERE received_date in FY AND status = 'OPEN'
 *     GROUP BY 1, 2` (current state only, no history) in the same process, and the ratio;
 * checks the return's totals equal the baseline's (asAt now, so they must), and prints
 * EXPLAIN (ANALYZE, BUFFERS) of RETURN_COUNTS_SQL. Output: a Markdown section on stdout.
 */
import 'reflect-metadata';
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import type { DataSource } from 'typeorm';
import { createForceCdf, ensureDatabase, log, median, millionRecordArgs, RECORD_BASE_COLUMNS, timed } from '../common';
import { createDataSource } from '../../src/database/data-source';
import { parsePeriod } from '../../src/hocr/period';
import { computeReturn, RETURN_COUNTS_SQL } from '../../src/returns/return-query';

const args = millionRecordArgs(
  'bench:returns',
  `The national financial-year return at one million records against the bare SQL GROUP BY (median of warm runs).
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/n200_bench) names a database whose name contains
"bench"; it is created, migrated and filled (in SQL, a fixed seed) when it does not hold --records records.`,
);
const N = args.records;
const RUNS = args.runs;
const PERIOD = args.period;
const URL_ = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/n200_bench';

/** Generates N records and their bitemporal history in SQL, deterministically (setseed). */
async function generate(ds: DataSource): Promise<void> {
  log(`generating ${N.toLocaleString('en-GB')} records`);
  const t0 = Date.now();
  // return_submissions refuses UPDATE and DELETE through a row trigger; TRUNCATE of a bench database is fine.
  await ds.query('TRUNCATE classification_history, records, events, return_submissions RESTART IDENTITY CASCADE');
  await ds.query('DROP TABLE IF EXISTS bench_gen');
  await ds.transaction(async (tx) => {
    await tx.query('SELECT setseed(0.4242)');
    await createForceCdf(tx);
    // One row per record: its force, instant of receipt, shape and decision time.
    await tx.query(
      `CREATE UNLOGGED TABLE bench_gen AS
       WITH g AS (
         SELECT i, random() AS uf, random() AS ud, random() AS uk, random() AS uc, random() AS ut
           FROM generate_series(1, $1::int) AS i
       ), base AS (
         SELECT g.i AS id, g.uk, g.uc, ${RECORD_BASE_COLUMNS}
           FROM g JOIN force_cdf f ON g.uf >= f.lo AND g.uf < f.hi
       ), shaped AS (
         SELECT b.*, b.received_at + b.decision_after AS decided_at,
                CASE
                  WHEN b.uk < 0.63 AND b.received_at + b.decision_after + interval '1 hour' >= now() THEN 'PENDING'
                  WHEN b.uk < 0.60 THEN 'TWO'
                  WHEN b.uk < 0.63 THEN 'CANCELLED'
                  WHEN b.uk < 0.64 THEN 'INCOMPLETE'
                  WHEN b.uk < 0.74 THEN 'PENDING'
                  WHEN b.uk < 0.86 THEN 'POLICE'
                  WHEN b.uk < 0.93 THEN 'DTN'
                  WHEN b.uk < 0.96 THEN 'OUT_POS'
                  WHEN b.uk < 0.98 THEN 'OUT_NEG'
                  ELSE 'TRANSFERRED'
                END AS shape
           FROM base b
       )
       SELECT id, force, received_at, decided_at, shape,
              CASE WHEN shape = 'INCOMPLETE' THEN NULL ELSE (received_at AT TIME ZONE 'Europe/London')::date END AS received_date,
              -- first classification (history version 1)
              CASE shape WHEN 'INCOMPLETE' THEN 'INCOMPLETE' ELSE 'OPEN' END AS first_status,
              CASE shape WHEN 'INCOMPLETE' THEN NULL WHEN 'POLICE' THEN '106' WHEN 'DTN' THEN 'N200/03' WHEN 'OUT_POS' THEN 'N200/04'
                         WHEN 'OUT_NEG' THEN 'N200/05' WHEN 'TRANSFERRED' THEN 'N200/06' ELSE 'N200/01' END AS first_code,
              CASE shape WHEN 'INCOMPLETE' THEN 'INCOMPLETE' WHEN 'POLICE' THEN 'POLICE_REFERRAL_EW' WHEN 'DTN' THEN 'DTN_ONLY'
                         WHEN 'OUT_POS' THEN 'OUTSIDE_EW_POLICE' WHEN 'OUT_NEG' THEN 'OUTSIDE_EW_RG_NEGATIVE'
                         WHEN 'TRANSFERRED' THEN 'TRANSFERRED' ELSE 'PENDING_RG' END AS first_rule,
              -- final classification (history version 2 for TWO and CANCELLED)
              CASE shape WHEN 'CANCELLED' THEN 'CANCELLED' WHEN 'INCOMPLETE' THEN 'INCOMPLETE' ELSE 'OPEN' END AS final_status,
              CASE WHEN shape = 'TWO' AND uc < 0.7 THEN '106' WHEN shape = 'TWO' THEN 'N200/02' WHEN shape = 'CANCELLED' THEN NULL
                   WHEN shape = 'INCOMPLETE' THEN NULL WHEN shape = 'POLICE' THEN '106' WHEN shape = 'DTN' THEN 'N200/03'
                   WHEN shape = 'OUT_POS' THEN 'N200/04' WHEN shape = 'OUT_NEG' THEN 'N200/05' WHEN shape = 'TRANSFERRED' THEN 'N200/06'
                   ELSE 'N200/01' END AS final_code,
              CASE WHEN shape = 'TWO' AND uc < 0.7 THEN 'RG_POSITIVE_EW' WHEN shape = 'TWO' THEN 'RG_NEGATIVE_EW'
                   WHEN shape = 'CANCELLED' THEN 'CANCELLED' WHEN shape = 'INCOMPLETE' THEN 'INCOMPLETE' WHEN shape = 'POLICE' THEN 'POLICE_REFERRAL_EW'
                   WHEN shape = 'DTN' THEN 'DTN_ONLY' WHEN shape = 'OUT_POS' THEN 'OUTSIDE_EW_POLICE' WHEN shape = 'OUT_NEG' THEN 'OUTSIDE_EW_RG_NEGATIVE'
                   WHEN shape = 'TRANSFERRED' THEN 'TRANSFERRED' ELSE 'PENDING_RG' END AS final_rule
         FROM shaped`,
      [N],
    );
  });
  log(`bench_gen done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await ds.query(`
    INSERT INTO records (id, force, referral_ref, status, code, rule, reason, crime_required, rule_set_version, classified_since,
                         referral_type, crime_reference, referral_received_at, received_date, recorded_at, facts, event_count,
                         version, created_at, updated_at)
    SELECT id, force, 'NRM-BENCH-' || lpad(id::text, 8, '0'), final_status, final_code, final_rule, 'benchmark',
           coalesce(final_code = '106', false), '2024.1',
           CASE WHEN shape IN ('TWO', 'CANCELLED') THEN decided_at ELSE received_at END,
           CASE WHEN shape = 'DTN' THEN 'DTN' WHEN shape = 'INCOMPLETE' THEN NULL ELSE 'NRM' END,
           NULL, CASE WHEN shape = 'INCOMPLETE' THEN NULL ELSE received_at END, received_date,
           CASE WHEN shape = 'INCOMPLETE' THEN NULL ELSE received_at + interval '1 hour' END,
           '{}'::jsonb, CASE WHEN shape IN ('TWO', 'CANCELLED') THEN 2 ELSE 1 END,
           CASE WHEN shape IN ('TWO', 'CANCELLED') THEN 2 ELSE 1 END,
           received_at + interval '1 hour',
           CASE WHEN shape IN ('TWO', 'CANCELLED') THEN decided_at + interval '1 hour' ELSE received_at + interval '1 hour' END
      FROM bench_gen ORDER BY id`);
  await ds.query(`SELECT setval(pg_get_serial_sequence('records', 'id'), $1::bigint)`, [N]);
  log(`records done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // History, in the order the engine would have written it (by system time).
  await ds.query(`
    INSERT INTO classification_history (record_id, force, status, code, rule, reason, rule_set_version, caused_by_event_id,
                                        received_date, valid_from, valid_to, system_from, system_to, known_since)
    SELECT id, force, status, code, rule, 'benchmark', '2024.1', caused_by, received_date, valid_from, valid_to, system_from, system_to,
           known_since
      FROM (
        -- version 1: the first classification, current until the decision was stored (two-version shapes)
        SELECT id, force, first_status AS status, first_code AS code, first_rule AS rule, 'ev-' || id || '-1' AS caused_by, received_date,
               received_at AS valid_from, NULL::timestamptz AS valid_to, received_at + interval '1 hour' AS system_from,
               CASE WHEN shape IN ('TWO', 'CANCELLED') THEN decided_at + interval '1 hour' END AS system_to,
               received_at + interval '1 hour' AS known_since
          FROM bench_gen
        UNION ALL
        -- version 2, row 1: the first classification, now closed in world time at the decision (known since version 1)
        SELECT id, force, first_status, first_code, first_rule, 'ev-' || id || '-1', received_date,
               received_at, decided_at, decided_at + interval '1 hour', NULL, received_at + interval '1 hour'
          FROM bench_gen WHERE shape IN ('TWO', 'CANCELLED')
        UNION ALL
        -- version 2, row 2: the new classification
        SELECT id, force, final_status, final_code, final_rule, 'ev-' || id || '-2', received_date,
               decided_at, NULL, decided_at + interval '1 hour', NULL, decided_at + interval '1 hour'
          FROM bench_gen WHERE shape IN ('TWO', 'CANCELLED')
      ) h
     ORDER BY system_from, id`);
  await ds.query('DROP TABLE bench_gen');
  log(`history done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  await ensureDatabase(URL_);
  const ds = createDataSource({ url: URL_, poolSize: 2 });
  await ds.initialize();
  try {
    await ds.runMigrations();
    const [{ n }] = (await ds.query('SELECT count(*)::int AS n FROM records')) as [{ n: number }];
    if (args.regenerate || n !== N) await generate(ds);
    else log(`reusing ${n.toLocaleString('en-GB')} records`);
    log('VACUUM ANALYZE');
    await ds.query('VACUUM ANALYZE records');
    await ds.query('VACUUM ANALYZE classification_history');

    const [largest] = (await ds.query('SELECT code, name FROM forces ORDER BY police_nrm_referrals_2023 DESC LIMIT 1')) as [
      { code: string; name: string },
    ];
    const [stats] = (await ds.query(`
      SELECT (SELECT count(*)::int FROM records) AS records,
             (SELECT count(*)::int FROM classification_history) AS history_rows,
             (SELECT count(*)::int FROM classification_history WHERE valid_to IS NULL) AS latest_rows,
             (SELECT count(*)::int FROM records WHERE status = 'CANCELLED') AS cancelled,
             (SELECT count(*)::int FROM records WHERE status = 'INCOMPLETE') AS incomplete,
             (SELECT pg_size_pretty(pg_total_relation_size('classification_history'))) AS history_size,
             (SELECT pg_size_pretty(pg_relation_size('classification_history_return_idx'))) AS return_idx_size`)) as [
      Record<string, unknown>,
    ];
    const p = parsePeriod(PERIOD);
    const baselineSql = `SELECT force, code, count(*)::int AS n FROM records
                          WHERE received_date >= $1::date AND received_date < $2::date AND status = 'OPEN' AND ($3::text = 'ALL' OR force = $3::text)
                          GROUP BY 1, 2`;

    const rows: string[] = [];
    const plans: Record<string, string> = {};
    for (const force of ['ALL', largest.code]) {
      const asAt = new Date();
      const runs = { doc: [] as number[], sql: [] as number[], base: [] as number[] };
      let doc;
      let baseRows: { n: number }[] = [];
      for (let i = 0; i < 2 + RUNS; i++) {
        const [tDoc, d] = await timed(() => computeReturn(ds, { force, period: PERIOD, asAt }));
        const [tSql] = await timed(() => ds.query(RETURN_COUNTS_SQL, [p.fromDate, p.toDate, force, asAt]));
        const [tBase, b] = await timed(() => ds.query(baselineSql, [p.fromDate, p.toDate, force]) as Promise<{ n: number }[]>);
        if (i >= 2) {
          runs.doc.push(tDoc);
          runs.sql.push(tSql);
          runs.base.push(tBase);
        }
        doc = d;
        baseRows = b;
      }
      const total = Object.values(doc!.byCode).reduce((s, x) => s + x, 0);
      const baseTotal = baseRows.reduce((s, r) => s + r.n, 0);
      if (total !== baseTotal) throw new Error(`return total ${total} != baseline total ${baseTotal} for ${force}`);
      const label = force === 'ALL' ? 'National (ALL)' : `${largest.name} (${force})`;
      const m = { doc: median(runs.doc), sql: median(runs.sql), base: median(runs.base) };
      rows.push(
        `| ${label} | ${total.toLocaleString('en-GB')} | ${doc!.rows.length} | **${m.doc.toFixed(1)}** | ${m.sql.toFixed(1)} | ${m.base.toFixed(1)} | ${(m.doc / m.base).toFixed(2)} | ${runs.doc.map((x) => x.toFixed(0)).join(', ')} |`,
      );
      const plan = (await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${RETURN_COUNTS_SQL}`, [p.fromDate, p.toDate, force, asAt])) as {
        'QUERY PLAN': string;
      }[];
      plans[label] = plan.map((r) => r['QUERY PLAN']).join('\n');
      log(`${label}: return ${m.doc.toFixed(1)} ms, SQL ${m.sql.toFixed(1)} ms, baseline ${m.base.toFixed(1)} ms`);
    }

    const [{ server_version: version }] = (await ds.query('SHOW server_version')) as [{ server_version: string }];
    let commit = 'unknown';
    try {
      commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    } catch {
      /* not a git checkout */
    }
    const out = [
      `Run: ${new Date().toISOString()} · commit ${commit} · ${cpus().length} cores (${cpus()[0]?.model ?? '?'}) · Node ${process.version} · PostgreSQL ${version}`,
      '',
      `Data: ${Object.entries(stats)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-GB') : v}`)
        .join(' · ')}`,
      '',
      `Period ${PERIOD}; median of ${RUNS} warm runs (after 2 warm-up runs), as at one fixed service time; times in ms.`,
      '',
      '| Return | Records counted | Rows | computeReturn (ms) | RETURN_COUNTS_SQL only (ms) | Baseline `records` GROUP BY (ms) | Ratio return/baseline | Runs (ms) |',
      '|---|---:|---:|---:|---:|---:|---:|---|',
      ...rows,
      '',
      ...Object.entries(plans).flatMap(([label, plan]) => [
        `EXPLAIN (ANALYZE, BUFFERS) RETURN_COUNTS_SQL, ${label}:`,
        '',
        '```',
        plan,
        '```',
        '',
      ]),
    ].join('\n');
    process.stdout.write(`${out}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`[bench] ${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
