/**
 * Benchmark (not a test) of the compliance summary (SPEC §6, issue 5) for the largest force over one
 * million national records.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/compliance/summary-bench.js [--records 1000000] [--regenerate] [--runs 5]
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/n200_bench_compliance) names a PostgreSQL
 * database whose name contains "bench"; it is created when absent and migrated. The data is generated
 * directly in SQL (generate_series, a fixed seed) when the records table does not already hold
 * --records rows (or with --regenerate):
 *   - records: forces weighted by forces.police_nrm_referrals_2023, receipt 2019-04-01..2026-10-31
 *     (Europe/London), shapes as the engine writes them (pending, positive/negative RG, police referral,
 *     DtN, outside England and Wales, transferred, cancelled, incomplete), with the summary columns
 *     crime_expected, rg_positive_received_at, crime_recorded_at (85% of expected crimes recorded, a few
 *     hours to a few days after the trigger), facts '{}';
 *   - findings: 0–3 per record (mean 1.2), current version (system_to NULL) with random checks, due
 *     times after the record's receipt, ~70% resolved; plus, for ~20% of them, an earlier closed version
 *     (system_to set), as the refold leaves behind;
 * The events table stays empty. Then VACUUM ANALYZE, and it times complianceSummary(ds, <largest force>,
 * parsePeriod(--period), now), median of --runs warm runs after 2 warm-ups, plus every statement alone,
 * and prints EXPLAIN (ANALYZE, BUFFERS) of each statement. Output: a Markdown section on stdout.
 */
import 'reflect-metadata';
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import type { DataSource } from 'typeorm';
import { createForceCdf, ensureDatabase, log, median, millionRecordArgs, RECORD_BASE_COLUMNS, timed } from '../common';
import { complianceSummary } from '../../src/compliance/compliance-summary';
import { createDataSource } from '../../src/database/data-source';
import { parsePeriod } from '../../src/hocr/period';

const args = millionRecordArgs(
  'bench:compliance',
  `The compliance summary of the largest force over one million records against bare GROUP BYs (median of warm
runs). DATABASE_URL (default postgres://postgres@127.0.0.1:5432/n200_bench_compliance) names a database whose
name contains "bench"; it is created, migrated and filled (in SQL, a fixed seed) when it does not hold
--records records.`,
);
const N = args.records;
const RUNS = args.runs;
const PERIOD = args.period;
const URL_ = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/n200_bench_compliance';

const CHECKS = ['MS-01', 'MS-02', 'MS-03', 'MS-04', 'MS-05', 'MS-06', 'MS-07', 'MS-08', 'MS-09', 'MS-10', 'MS-11', 'MS-12', 'MS-13'];
const ERRORS = new Set(['MS-01', 'MS-02', 'MS-04', 'MS-05', 'MS-06', 'MS-09']);

/** Generates N records and their findings in SQL, deterministically (setseed). */
async function generate(ds: DataSource): Promise<void> {
  log(`generating ${N.toLocaleString('en-GB')} records`);
  const t0 = Date.now();
  await ds.query('TRUNCATE findings, classification_history, records, events, return_submissions RESTART IDENTITY CASCADE');
  await ds.query('DROP TABLE IF EXISTS bench_gen');
  await ds.transaction(async (tx) => {
    await tx.query('SELECT setseed(0.2424)');
    await createForceCdf(tx);
    await tx.query(
      `CREATE UNLOGGED TABLE bench_gen AS
       WITH g AS (
         SELECT i, random() AS uf, random() AS ud, random() AS uk, random() AS uc, random() AS ut, random() AS ur, random() AS un
           FROM generate_series(1, $1::int) AS i
       ), base AS (
         SELECT g.i AS id, g.uk, g.uc, g.ur, g.un, ${RECORD_BASE_COLUMNS}
           FROM g JOIN force_cdf f ON g.uf >= f.lo AND g.uf < f.hi
       ), shaped AS (
         SELECT b.*, b.received_at + b.decision_after AS decided_at,
                CASE
                  WHEN b.uk < 0.63 AND b.received_at + b.decision_after + interval '1 hour' >= now() THEN 'PENDING'
                  WHEN b.uk < 0.40 THEN 'RG_POS'
                  WHEN b.uk < 0.60 THEN 'RG_NEG'
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
       SELECT s.*,
              CASE WHEN shape = 'INCOMPLETE' THEN NULL ELSE (received_at AT TIME ZONE 'Europe/London')::date END AS received_date,
              shape IN ('RG_POS', 'POLICE') AS crime_expected,
              CASE WHEN shape = 'RG_POS' THEN decided_at END AS rg_positive_received_at,
              -- 85% of owed crimes recorded, from 1 hour to ~5 days after the trigger (skewed short)
              CASE WHEN shape IN ('RG_POS', 'POLICE') AND uc < 0.85
                   THEN CASE WHEN shape = 'RG_POS' THEN decided_at ELSE received_at END + (1 + 120 * ur * ur) * interval '1 hour' END
                AS crime_recorded_at
         FROM shaped s`,
      [N],
    );
  });
  log(`bench_gen done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await ds.query(`
    INSERT INTO records (id, force, referral_ref, status, code, rule, reason, crime_required, rule_set_version, classified_since,
                         referral_type, crime_reference, referral_received_at, received_date, recorded_at, facts, event_count,
                         crime_expected, rg_positive_received_at, crime_recorded_at, version, created_at, updated_at)
    SELECT id, force, 'NRM-BENCH-' || lpad(id::text, 8, '0'),
           CASE shape WHEN 'CANCELLED' THEN 'CANCELLED' WHEN 'INCOMPLETE' THEN 'INCOMPLETE' ELSE 'OPEN' END,
           CASE WHEN crime_recorded_at IS NOT NULL THEN '106'
                WHEN shape IN ('RG_POS', 'PENDING') THEN 'N200/01' WHEN shape = 'RG_NEG' THEN 'N200/02' WHEN shape = 'POLICE' THEN 'N200/01'
                WHEN shape = 'DTN' THEN 'N200/03' WHEN shape = 'OUT_POS' THEN 'N200/04' WHEN shape = 'OUT_NEG' THEN 'N200/05'
                WHEN shape = 'TRANSFERRED' THEN 'N200/06' END,
           shape, 'benchmark', crime_expected AND crime_recorded_at IS NULL, '2024.1',
           CASE WHEN shape IN ('RG_POS', 'RG_NEG', 'CANCELLED') THEN decided_at ELSE received_at END,
           CASE WHEN shape = 'DTN' THEN 'DTN' WHEN shape = 'INCOMPLETE' THEN NULL ELSE 'NRM' END,
           CASE WHEN crime_recorded_at IS NOT NULL THEN 'CRN-' || id END,
           CASE WHEN shape = 'INCOMPLETE' THEN NULL ELSE received_at END, received_date,
           CASE WHEN shape = 'INCOMPLETE' THEN NULL ELSE received_at + interval '1 hour' END,
           '{}'::jsonb, 1 + (shape IN ('RG_POS', 'RG_NEG', 'CANCELLED'))::int + (crime_recorded_at IS NOT NULL)::int,
           crime_expected, rg_positive_received_at, crime_recorded_at,
           1, received_at + interval '1 hour', greatest(decided_at, coalesce(crime_recorded_at, decided_at)) + interval '1 hour'
      FROM bench_gen ORDER BY id`);
  await ds.query(`SELECT setval(pg_get_serial_sequence('records', 'id'), $1::bigint)`, [N]);
  log(`records done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // Findings: 0-3 per record (P = .35, .25, .25, .15 → mean 1.2); the current version, and for ~20% an
  // earlier version closed when the refold replaced it (so the partial indexes see a realistic mix).
  await ds.query(
    `CREATE UNLOGGED TABLE bench_findings AS
     SELECT b.id AS record_id, b.force, 'NRM-BENCH-' || lpad(b.id::text, 8, '0') AS referral_ref,
            ($1::text[])[1 + floor(random() * 13)::int] AS check_id,
            b.received_at + (random() * 40) * interval '1 day' AS due_at,
            random() AS u_res, random() AS u_hist, random() AS u_len, b.received_at
       FROM bench_gen b
       CROSS JOIN LATERAL generate_series(1, CASE WHEN b.un < 0.35 THEN 0 WHEN b.un < 0.60 THEN 1 WHEN b.un < 0.85 THEN 2 ELSE 3 END) AS k`,
    [CHECKS],
  );
  await ds.query(
    `INSERT INTO findings (record_id, force, referral_ref, check_id, severity, due_at, resolved_at, evidence, message, system_from, system_to)
     SELECT record_id, force, referral_ref, check_id, sev, due_at, resolved_at, evidence, message, system_from, system_to
       FROM (
         -- an earlier version, replaced by the current one
         SELECT record_id, force, referral_ref, check_id, CASE WHEN check_id = ANY($1::text[]) THEN 'error' ELSE 'warning' END AS sev,
                due_at, NULL::timestamptz AS resolved_at, jsonb_build_array('ev-' || record_id || '-1') AS evidence, 'benchmark finding' AS message,
                received_at + interval '1 hour' AS system_from, due_at + u_len * interval '10 days' + interval '2 hours' AS system_to
           FROM bench_findings WHERE u_hist < 0.2
         UNION ALL
         -- the current version: ~70% resolved
         SELECT record_id, force, referral_ref, check_id, CASE WHEN check_id = ANY($1::text[]) THEN 'error' ELSE 'warning' END,
                due_at, CASE WHEN u_res < 0.7 THEN due_at + u_len * interval '10 days' + interval '1 hour' END,
                jsonb_build_array('ev-' || record_id || '-1', 'ev-' || record_id || '-2'), 'benchmark finding',
                CASE WHEN u_hist < 0.2 THEN due_at + u_len * interval '10 days' + interval '2 hours' ELSE received_at + interval '1 hour' END, NULL
           FROM bench_findings
       ) x
      ORDER BY system_from, record_id`,
    [[...ERRORS]],
  );
  await ds.query('DROP TABLE bench_findings');
  await ds.query('DROP TABLE bench_gen');
  log(`findings done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** A Queryable that records every statement complianceSummary sends, to EXPLAIN them afterwards. */
function recording(ds: DataSource, into: { sql: string; params: unknown[] }[]) {
  return {
    query: (sql: string, params: unknown[] = []) => {
      into.push({ sql, params });
      return ds.query(sql, params);
    },
  };
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
    await ds.query('VACUUM ANALYZE findings');

    const [largest] = (await ds.query('SELECT code, name FROM forces ORDER BY police_nrm_referrals_2023 DESC LIMIT 1')) as [
      { code: string; name: string },
    ];
    const period = parsePeriod(PERIOD);
    const [stats] = (await ds.query(
      `SELECT (SELECT count(*)::int FROM records) AS records,
              (SELECT count(*)::int FROM records WHERE force = $1) AS force_records,
              (SELECT count(*)::int FROM records WHERE force = $1 AND received_date >= $2::date AND received_date < $3::date) AS force_period_records,
              (SELECT count(*)::int FROM findings) AS finding_rows,
              (SELECT count(*)::int FROM findings WHERE system_to IS NULL) AS current_findings,
              (SELECT pg_size_pretty(pg_total_relation_size('records'))) AS records_size,
              (SELECT pg_size_pretty(pg_total_relation_size('findings'))) AS findings_size`,
      [largest.code, period.fromDate, period.toDate],
    )) as [Record<string, unknown>];
    log(`largest force ${largest.name} (${largest.code}); ${JSON.stringify(stats)}`);

    const now = new Date();
    const statements: { sql: string; params: unknown[] }[] = [];
    const whole: number[] = [];
    let summary: Awaited<ReturnType<typeof complianceSummary>> | undefined;
    for (let i = 0; i < 2 + RUNS; i++) {
      const into: { sql: string; params: unknown[] }[] = [];
      const [ms, s] = await timed(() => complianceSummary(recording(ds, into), largest.code, period, now));
      if (i >= 2) whole.push(ms);
      if (i === 0) statements.push(...into);
      summary = s;
    }
    const perStatement = [] as number[];
    for (const st of statements) {
      const xs: number[] = [];
      for (let i = 0; i < 1 + RUNS; i++) {
        const [ms] = await timed(() => ds.query(st.sql, st.params));
        if (i >= 1) xs.push(ms);
      }
      perStatement.push(median(xs));
    }
    // Also as the API runs it: one REPEATABLE READ transaction.
    const tx: number[] = [];
    for (let i = 0; i < 1 + RUNS; i++) {
      const [ms] = await timed(() => ds.transaction('REPEATABLE READ', (m) => complianceSummary(m, largest.code, period, now)));
      if (i >= 1) tx.push(ms);
    }
    const plans: string[] = [];
    for (const st of statements) {
      const plan = (await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${st.sql}`, st.params)) as { 'QUERY PLAN': string }[];
      plans.push(plan.map((r) => r['QUERY PLAN']).join('\n'));
    }
    const m = median(whole);
    log(
      `complianceSummary ${m.toFixed(1)} ms (runs ${whole.map((x) => x.toFixed(0)).join(', ')}), in a transaction ${median(tx).toFixed(1)} ms`,
    );

    const [{ server_version: version }] = (await ds.query('SHOW server_version')) as [{ server_version: string }];
    let commit = 'unknown';
    try {
      commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    } catch {
      /* not a git checkout */
    }
    const name = (sql: string) => {
      const s = sql.replace(/\s+/g, ' ');
      if (s.includes('percentile_cont')) return 'totals (records, link rate, RG→crime percentiles)';
      if (s.includes('GROUP BY f.check_id')) return 'findings per check';
      if (s.includes('NOT EXISTS')) return 'records with no finding (compliant share)';
      if (s.includes('GROUP BY code')) return 'records by code';
      return s.slice(0, 60);
    };
    const out = [
      `Run: ${now.toISOString()} · commit ${commit} · ${cpus().length} cores (${cpus()[0]?.model ?? '?'}) · Node ${process.version} · PostgreSQL ${version}`,
      '',
      `Data: ${Object.entries(stats)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-GB') : v}`)
        .join(' · ')}`,
      '',
      `complianceSummary(ds, '${largest.code}' (${largest.name}), parsePeriod('${PERIOD}'), now): median of ${RUNS} warm runs after 2 warm-ups; times in ms.`,
      `Result: records ${summary!.records} · compliantShare ${summary!.compliantShare} · rgToCrimeHours median ${summary!.rgToCrimeHours.median} p90 ${summary!.rgToCrimeHours.p90} (n ${summary!.rgToCrimeHours.records}) · link rate ${summary!.referralToCrimeLinkRate.rate}`,
      '',
      '| What | Median (ms) | Runs (ms) |',
      '|---|---:|---|',
      `| **complianceSummary, whole** | **${m.toFixed(1)}** | ${whole.map((x) => x.toFixed(0)).join(', ')} |`,
      `| complianceSummary in a REPEATABLE READ transaction (as GET /v1/compliance/summary) | ${median(tx).toFixed(1)} | ${tx.map((x) => x.toFixed(0)).join(', ')} |`,
      ...statements.map((st, i) => `| statement ${i + 1}: ${name(st.sql)} | ${perStatement[i].toFixed(1)} | |`),
      '',
      ...statements.flatMap((st, i) => [`EXPLAIN (ANALYZE, BUFFERS), statement ${i + 1}: ${name(st.sql)}`, '', '```', plans[i], '```', '']),
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
