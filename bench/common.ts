import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { intArg, scriptArgs, usageExit } from '../scripts/script-args';
import { parsePeriod } from '../src/hocr/period';

/** Shared by the benchmark scripts: progress on stderr, a "bench" database made if absent, timing helpers. */
export function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** Creates the database named in `url` if it does not exist; refuses any name without "bench". */
export async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.replace(/^\//, '');
  if (!/bench/i.test(name)) throw new Error(`Refusing to benchmark in database "${name}": its name must contain "bench"`);
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  try {
    const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    if (!exists) {
      log(`creating database ${name}`);
      await c.query(`CREATE DATABASE "${name}"`);
    }
  } finally {
    await c.end();
  }
}

export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = process.hrtime.bigint();
  const out = await fn();
  return [Number(process.hrtime.bigint() - t0) / 1e6, out];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** What can run a query inside the generators' transaction. */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The 1M-record generators' shared start (bench/returns, bench/compliance): a temporary table of each force's
 * share of the national referrals (cumulative [lo, hi) by police NRM referrals in 2023), so a uniform random
 * number picks a force with the published weights. Dropped at commit.
 */
export async function createForceCdf(tx: Queryable): Promise<void> {
  await tx.query(`
    CREATE TEMP TABLE force_cdf ON COMMIT DROP AS
    SELECT code,
           coalesce(sum(w) OVER (ORDER BY code ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / sum(w) OVER () AS lo,
           sum(w) OVER (ORDER BY code) / sum(w) OVER () AS hi
      FROM (SELECT code, greatest(police_nrm_referrals_2023, 1)::float8 AS w FROM forces) f`);
}

/**
 * SQL for the generators' "base" columns from uniform randoms `g.ud`, `g.ut` and `g.uf` (joined to force_cdf as
 * `f`): the force, an instant of receipt spread evenly over 2019-04..2026-10 (London), and a decision 2–62 days on.
 */
export const RECORD_BASE_COLUMNS = `f.code AS force,
                timestamptz '2019-04-01 00:00 Europe/London'
                  + g.ud * (timestamptz '2026-11-01 00:00 Europe/London' - timestamptz '2019-04-01 00:00 Europe/London') AS received_at,
                (2 + g.ut * 60) * interval '1 day' AS decision_after`;

/**
 * The options of the scripts that time a query at one million generated records (bench:returns,
 * bench:compliance): `--help` prints `what` and the options, and exits.
 */
export function millionRecordArgs(script: string, what: string): { records: number; regenerate: boolean; runs: number; period: string } {
  const help = `Usage: npm run ${script} -- [options]

${what}

Options:
  --records N       records to generate                  (default 1000000)
  --regenerate      generate again even when they are there
  --runs N          warm runs timed                      (default 5)
  --period YYYY-YY  financial year                       (default 2024-25)
  -h, --help        this help
`;
  const usage = (message: string): never => usageExit(script, help, message);
  const { values } = scriptArgs(script, help, {
    records: { type: 'string' },
    regenerate: { type: 'boolean', default: false },
    runs: { type: 'string' },
    period: { type: 'string', default: '2024-25' },
  });
  try {
    parsePeriod(values.period);
  } catch (e) {
    usage(`--period: ${(e as Error).message}`);
  }
  return {
    records: intArg(usage, 'records', values.records, 1_000_000),
    regenerate: values.regenerate,
    runs: intArg(usage, 'runs', values.runs, 5),
    period: values.period,
  };
}

/** CPU time (user + system) of a process, and of its reaped children with `children`, in ms (Linux /proc). */
export function cpuMs(pid: number, children = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    // fields[11..14]: utime, stime, cutime, cstime in clock ticks (100 per second on Linux)
    const ticks = Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks * 10;
  } catch {
    return 0;
  }
}

/** CPU time of every PostgreSQL process on this machine (backends, and the reaped ones through the postmaster), ms. */
export function postgresCpuMs(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (/^\d+ \(postgres\)/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) total += cpuMs(Number(pid), true);
    } catch {
      // gone
    }
  }
  return total;
}
