/**
 * The benchmark suite (issue 6, deliverable 3): `npm run bench -- [options]`. A script, never a test.
 *
 * Against the PostgreSQL server (fresh `n200_bench_run_*` databases, dropped at the end) it measures, in one run:
 *   1. bulk ingest through the service (the compiled service as a child process, batches of 1,000,
 *      concurrency 3, as the loader) against the physical limit: the same event rows into an identical bare table by a
 *      bare `pg` client, multi-row INSERT (1,000 rows a statement) and COPY;
 *   2. the service's peak RSS during that ingest (/proc/<pid>/status every 200 ms);
 *   3. rebuild (`node dist/src/cli/main.js rebuild`) of the ingested database → events/s;
 *   4. single-event HTTP (autocannon, fixed connections) against POST /v1/events and a bare Nest+Fastify
 *      endpoint doing one INSERT of the same row (bench/bare/bare-server.ts);
 *   5. PGlite (the service on a temporary DATA_DIR), a smaller dataset, labelled separately;
 *   6. the return and the compliance summary at one million records (bench/returns/returns-bench.js and
 *      bench/compliance/summary-bench.js, which reuse their databases) against bare SQL GROUP BYs.
 * It prints a table and rewrites the generated section of docs/benchmarks.md between
 * `<!-- bench:start -->` and `<!-- bench:end -->`. Every child process is killed on exit or failure.
 */
import 'reflect-metadata';
import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { mintToken } from '../src/auth/mint-token';
import { createDataSource } from '../src/database/data-source';
import { DEFAULT_OPTIONS, generateEvents, newStats, type GeneratorOptions } from '../src/synthetic/generator';
import { compareWithEvents, copyRows, createBareTable, eventRow, insertRows, type EventRow } from './bare/schema';
import { intArg, scriptArgs, usageExit } from '../scripts/script-args';
import { cpuMs, median, postgresCpuMs } from './common';

/** The service's V8 flags, as `npm start` passes them (package.json); BENCH_SERVICE_NODE_FLAGS overrides them. */
const SERVICE_NODE_FLAGS = (process.env.BENCH_SERVICE_NODE_FLAGS ?? '--max-old-space-size=512').split(' ').filter(Boolean);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p97_5: number; p99: number; average: number; max: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.resolve(__dirname, '..');
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const MEASURES = ['ingest', 'rebuild', 'http', 'reads', 'pglite', 'returns', 'compliance'] as const;
type Measure = (typeof MEASURES)[number];

const HELP = `Usage: npm run bench -- [options]

npm run bench compiles (swc) first; this then measures the service against its physical limits and prints a table; unless --no-docs
(or --quick), rewrites the generated section of docs/benchmarks.md (between ${START} and ${END};
with --full between <!-- bench:full:start --> and <!-- bench:full:end -->).

Measures (--only, comma-separated; default all):
  ingest       bulk ingest through the service (POST /v1/events/batch, batches of 1,000, concurrency 3)
               vs a bare pg client into an identical table (multi-row INSERT and COPY); service peak RSS
  rebuild      npm run cli -- rebuild on the ingested database (implies ingest)
  http         single-event POST /v1/events vs a bare Nest+Fastify endpoint, autocannon
  reads        GET of one record (each read written to the access log), autocannon; no bare endpoint
  pglite       bulk ingest through the service on PGlite (temporary DATA_DIR), smaller data
  returns      bench/returns/returns-bench.js: national return at 1M records vs bare GROUP BY
  compliance   bench/compliance/summary-bench.js: compliance summary at 1M records vs bare GROUP BY
               (both reuse their databases n200_bench / n200_bench_compliance; first run ~3 min each)

Options:
  --from YYYY-MM         first month of generated referrals          (default 2024-01)
  --to YYYY-MM           last month                                  (default 2024-12)
  --full                 the whole national history, 2019-04..2026-10 (goal: ingested in <= 60 s)
  --scale N              generator scale (1 = national volumes)      (default 1)
  --seed N               generator seed                              (default 42)
  --pglite-from/--pglite-to YYYY-MM   PGlite data                    (default 2024-01..2024-03)
  --only LIST            measures to run (see above)
  --skip-pglite          all but pglite
  --quick                small data and short runs (2024-01..2024-03, PGlite one month, HTTP 5 s,
                         3 runs of returns/compliance); implies --no-docs
  --connections N        autocannon connections                      (default 10)
  --duration S           autocannon measured seconds                 (default 10)
  --warmup S             autocannon warm-up seconds                  (default 3)
  --ingest-rounds N      rounds of bare INSERT, bare COPY and service ingest, medians reported
                         (the machine's speed drifts)           (default 3; 1 with --full or --quick)
  --http-rounds N        measured runs of each endpoint, alternating service and bare, medians
                         reported (one run's p99 is noisy on a shared machine)  (default 3)
  --runs N               runs of returns/compliance                  (default 5)
  --log-level L          the service's LOG_LEVEL                     (default warn)
  --pg URL               PostgreSQL server                           (default postgres://postgres@127.0.0.1:5432)
  --keep                 keep the n200_bench_run_* databases
  --no-docs              do not touch docs/benchmarks.md
  -h, --help             this help
`;

// ---------------------------------------------------------------------------------------------- options

function usage(message: string): never {
  return usageExit('bench', HELP, message);
}

const { values: opt } = scriptArgs('bench', HELP, {
  from: { type: 'string' },
  to: { type: 'string' },
  full: { type: 'boolean', default: false },
  scale: { type: 'string', default: '1' },
  seed: { type: 'string', default: '42' },
  'pglite-from': { type: 'string' },
  'pglite-to': { type: 'string' },
  only: { type: 'string' },
  'skip-pglite': { type: 'boolean', default: false },
  quick: { type: 'boolean', default: false },
  connections: { type: 'string', default: '10' },
  duration: { type: 'string' },
  warmup: { type: 'string' },
  runs: { type: 'string' },
  'http-rounds': { type: 'string' },
  'ingest-rounds': { type: 'string' },
  'log-level': { type: 'string', default: 'warn' },
  pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432' },
  keep: { type: 'boolean', default: false },
  'no-docs': { type: 'boolean', default: false },
});
const month = (name: string, v: string | undefined, def: string): string => {
  const m = v ?? def;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) usage(`--${name} must be YYYY-MM (got "${m}")`);
  return m;
};
const posInt = (name: string, v: string | undefined, def: number): number => intArg(usage, name, v, def);
if (opt.full && (opt.from || opt.to)) usage('--full and --from/--to exclude each other');
const QUICK = opt.quick;
const FROM = opt.full ? '2019-04' : month('from', opt.from, QUICK ? '2024-01' : '2024-01');
const TO = opt.full ? '2026-10' : month('to', opt.to, QUICK ? '2024-03' : '2024-12');
const PGL_FROM = month('pglite-from', opt['pglite-from'], '2024-01');
const PGL_TO = month('pglite-to', opt['pglite-to'], QUICK ? '2024-01' : '2024-03');
const SCALE = Number(opt.scale);
if (!Number.isFinite(SCALE) || SCALE <= 0) usage(`--scale must be a positive number (got "${opt.scale}")`);
const SEED = posInt('seed', opt.seed, 42);
const CONNECTIONS = posInt('connections', opt.connections, 10);
const DURATION = posInt('duration', opt.duration, QUICK ? 5 : 10);
const WARMUP = posInt('warmup', opt.warmup, QUICK ? 1 : 3);
const RUNS = posInt('runs', opt.runs, QUICK ? 3 : 5);
const HTTP_ROUNDS = posInt('http-rounds', opt['http-rounds'], QUICK ? 1 : 3);
const INGEST_ROUNDS = posInt('ingest-rounds', opt['ingest-rounds'], QUICK || opt.full ? 1 : 3);
const WRITE_DOCS = !opt['no-docs'] && !QUICK;
const LOG_LEVEL = opt['log-level']!;
let only = new Set<Measure>(MEASURES);
if (opt.only) {
  const list = opt.only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const m of list)
    if (!(MEASURES as readonly string[]).includes(m)) usage(`--only: unknown measure "${m}" (one of ${MEASURES.join(', ')})`);
  only = new Set(list as Measure[]);
}
if (opt['skip-pglite']) only.delete('pglite');
if (only.has('rebuild')) only.add('ingest');
const PG = opt.pg!.replace(/\/+$/, '');
const dbUrl = (name: string): string => `${PG}/${name}`;
const DB_INGEST = 'n200_bench_run_service';
const DB_BARE = 'n200_bench_run_bare';

const log = (msg: string): void => void process.stderr.write(`[bench] ${msg}\n`);

// ---------------------------------------------------------------------------------------------- children

const children = new Set<ChildProcess>();
function track(cp: ChildProcess): ChildProcess {
  children.add(cp);
  cp.once('exit', () => children.delete(cp));
  return cp;
}
function killChildren(signal: NodeJS.Signals): void {
  for (const c of children) {
    try {
      c.kill(signal);
    } catch {
      /* already gone */
    }
  }
}
const tempDirs: string[] = [];
process.on('exit', () => {
  killChildren('SIGKILL');
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    log(`${sig}: stopping ${children.size} child process(es)`);
    killChildren('SIGTERM');
    setTimeout(() => process.exit(130), 1500).unref();
  });
}

/** Stops a child with SIGTERM (SIGKILL after `graceMs`) and waits for it. */
async function stop(cp: ChildProcess, graceMs = 10_000): Promise<void> {
  if (cp.exitCode !== null || cp.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => cp.once('exit', () => resolve()));
  cp.kill('SIGTERM');
  const timer = setTimeout(() => cp.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Keeps the last lines a child printed, for error messages. */
function tail(cp: ChildProcess, keep = 40): () => string {
  const lines: string[] = [];
  const add = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > keep) lines.splice(0, lines.length - keep);
  };
  cp.stdout?.on('data', add);
  cp.stderr?.on('data', add);
  return () => lines.join('\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function get(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}

async function waitReady(url: string, cp: ChildProcess, output: () => string, what: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (cp.exitCode !== null || cp.signalCode !== null)
      throw new Error(`${what} exited (${cp.exitCode ?? cp.signalCode}) before it was ready:\n${output()}`);
    const status = await get(url);
    if (status > 0 && status < 500) return;
    await sleep(100);
  }
  throw new Error(`${what} not ready after ${timeoutMs / 1000} s:\n${output()}`);
}

function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Polls a process's VmRSS every 200 ms; `stop()` returns the peak in MB. */
function rssSampler(pid: number): { stop: () => number; samples: () => number } {
  let peak = rssMb(pid) ?? 0;
  let n = 0;
  const timer = setInterval(() => {
    const v = rssMb(pid);
    if (v !== undefined) {
      n++;
      if (v > peak) peak = v;
    }
  }, 200);
  return {
    stop: () => {
      clearInterval(timer);
      const v = rssMb(pid);
      if (v !== undefined && v > peak) peak = v;
      return peak;
    },
    samples: () => n,
  };
}

// ---------------------------------------------------------------------------------------------- PostgreSQL

function ensureServer(): void {
  const host = decodeURIComponent(new URL(PG).hostname) || '127.0.0.1';
  try {
    execSync(`pg_isready -h ${host}`, { stdio: 'ignore' });
    return;
  } catch {
    /* start it below */
  }
  log('PostgreSQL is not accepting connections: starting the cluster');
  const version = readdirOne('/etc/postgresql');
  execSync(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`, { stdio: 'inherit' });
  for (let i = 0; i < 50; i++) {
    try {
      execSync(`pg_isready -h ${host}`, { stdio: 'ignore' });
      return;
    } catch {
      execSync('sleep 0.2');
    }
  }
  throw new Error('PostgreSQL did not start');
}

function readdirOne(dir: string): string {
  const out = execSync(`ls ${dir}`, { encoding: 'utf8' }).trim().split('\n');
  return out[out.length - 1];
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: dbUrl('postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function freshDatabase(name: string): Promise<void> {
  if (!/^n200_bench_/.test(name)) throw new Error(`refusing to recreate ${name}`);
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
}

async function dropDatabase(name: string): Promise<void> {
  if (!/^n200_bench_run_/.test(name)) throw new Error(`refusing to drop ${name}`);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------- data

interface Dataset {
  label: string;
  events: number;
  referrals: number;
  /** Request bodies of 1,000 events each, as the loader sends them. */
  bodies: string[];
  rows: EventRow[];
  seconds: number;
}

function generate(from: string, to: string, withRows: boolean): Dataset {
  const t0 = performance.now();
  const options: GeneratorOptions = { ...DEFAULT_OPTIONS, from, to, scale: SCALE, seed: SEED };
  const stats = newStats();
  const bodies: string[] = [];
  const rows: EventRow[] = [];
  const receivedAt = new Date().toISOString();
  let batch: string[] = [];
  for (const event of generateEvents(options, stats)) {
    batch.push(JSON.stringify(event));
    if (withRows) rows.push(eventRow(event, receivedAt));
    if (batch.length === 1000) {
      bodies.push(`{"events":[${batch.join(',')}]}`);
      batch = [];
    }
  }
  if (batch.length > 0) bodies.push(`{"events":[${batch.join(',')}]}`);
  return {
    label: `${from}..${to}, scale ${SCALE}, seed ${SEED}`,
    events: stats.events,
    referrals: stats.referrals,
    bodies,
    rows,
    seconds: (performance.now() - t0) / 1000,
  };
}

// ---------------------------------------------------------------------------------------------- the service

interface Service {
  cp: ChildProcess;
  url: string;
  token: string;
  output: () => string;
}

async function startService(env: Record<string, string>, label: string): Promise<Service> {
  const port = await freePort();
  const secret = randomBytes(32).toString('hex');
  const cwd = mkdtempSync(path.join(tmpdir(), 'n200-bench-cwd-')); // no stray .env
  tempDirs.push(cwd);
  const baseEnv = { ...process.env };
  for (const k of [
    'DATABASE_URL',
    'DATA_DIR',
    'AUTH_JWT_SECRET',
    'AUTH_JWT_PUBLIC_KEY',
    'AUTH_JWKS_URL',
    'AUTH_DISABLED',
    'AUTH_ISSUER',
    'AUTH_AUDIENCE',
  ]) {
    delete baseEnv[k];
  }
  const cp = track(
    spawn(process.execPath, [...SERVICE_NODE_FLAGS, path.join(DIST, 'src', 'main.js')], {
      cwd,
      env: {
        ...baseEnv,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        AUTH_JWT_SECRET: secret,
        LOG_LEVEL: LOG_LEVEL,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const output = tail(cp);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/health/live`, cp, output, `the service (${label})`);
  const token = await mintToken({ secret, roles: ['admin'], forces: ['*'], sub: 'n200-bench', ttl: '4h' });
  return { cp, url, token, output };
}

interface Ingest {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  idleRssMb: number;
  peakRssMb: number;
  statuses: Record<string, number>;
  /** Batches answered 5xx (or lost) and retried, as the loader does. */
  retries: string[];
  /** CPU ms per 1,000 events during the ingest: the service process, and the PostgreSQL server (all its processes). */
  serviceCpuPer1000: number;
  postgresCpuPer1000: number;
  /** events/s over the first and the last quarter of the events (does the rate hold as the tables grow?). */
  firstQuarter: number;
  lastQuarter: number;
}

function postBody(url: URL, agent: http.Agent, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(300_000, () => req.destroy(new Error('no answer in 300 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** The loader's default requests in flight (bench/load/load.ts). */
const LOADER_CONCURRENCY = 3;

/** The loader's logic (bench/load/load.ts): batch bodies posted with `concurrency` requests in flight. */
async function bulkIngest(svc: Service, data: Dataset, concurrency = LOADER_CONCURRENCY): Promise<Ingest> {
  const endpoint = new URL('/v1/events/batch', svc.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const idleRssMb = rssMb(svc.cp.pid!) ?? 0;
  const sampler = rssSampler(svc.cp.pid!);
  const statuses: Record<string, number> = {};
  const progress: [number, number][] = [];
  const retries: string[] = [];
  const cpu0 = [cpuMs(svc.cp.pid!), postgresCpuMs()];
  let next = 0;
  let done = 0;
  const t0 = performance.now();
  let lastLog = t0;
  const worker = async (): Promise<void> => {
    while (next < data.bodies.length) {
      const i = next++;
      // As the loader: a 5xx or a network error is retried (5 times, with backoff) and counted.
      let res: { status: number; text: string } | undefined;
      for (let attempt = 0; ; attempt++) {
        let failure: string;
        try {
          res = await postBody(endpoint, agent, svc.token, data.bodies[i]);
          if (res.status < 500) break;
          failure = `HTTP ${res.status} ${res.text.slice(0, 200)}`;
        } catch (e) {
          failure = (e as Error).message;
        }
        if (attempt >= 5) throw new Error(`batch ${i}: gave up after 6 attempts: ${failure}\n${svc.output()}`);
        retries.push(`batch ${i}: ${failure}`);
        log(`  batch ${i}: ${failure}; retrying`);
        await sleep(500 * 2 ** attempt);
      }
      if (res.status !== 200) throw new Error(`batch ${i}: HTTP ${res.status} ${res.text.slice(0, 500)}\n${svc.output()}`);
      const parsed = JSON.parse(res.text) as { results: { status: string }[] };
      for (const r of parsed.results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      done += parsed.results.length;
      progress.push([done, performance.now()]);
      const now = performance.now();
      if (now - lastLog > 5000) {
        lastLog = now;
        log(
          `  ${done}/${data.events} events, ${Math.round(done / ((now - t0) / 1000))} events/s, RSS ${rssMb(svc.cp.pid!)?.toFixed(0)} MB`,
        );
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, () => worker()));
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = [cpuMs(svc.cp.pid!), postgresCpuMs()];
  const peakRssMb = sampler.stop();
  const at = (share: number): [number, number] => progress.find(([n]) => n >= share * done) ?? [0, t0];
  const [q1n, q1t] = at(0.25);
  const [q3n, q3t] = at(0.75);
  const [endN, endT] = progress[progress.length - 1] ?? [0, t0];
  return {
    events: done,
    seconds,
    eventsPerSecond: done / seconds,
    idleRssMb,
    peakRssMb,
    statuses,
    retries,
    serviceCpuPer1000: ((cpu1[0] - cpu0[0]) * 1000) / done,
    postgresCpuPer1000: ((cpu1[1] - cpu0[1]) * 1000) / done,
    firstQuarter: q1n / ((q1t - t0) / 1000),
    lastQuarter: (endN - q3n) / ((endT - q3t) / 1000),
  };
}

// ---------------------------------------------------------------------------------------------- measures

const results: { measure: string; service: string; bare: string; ratio: string; goal: string; met: string }[] = [];
const notes: string[] = [];
const facts: Record<string, string> = {};
const fmt = (n: number, d = 0): string => n.toLocaleString('en-GB', { minimumFractionDigits: d, maximumFractionDigits: d });
const verdict = (ok: boolean | undefined): string => (ok === undefined ? '—' : ok ? 'met' : '**missed**');

async function migrateDatabase(url: string): Promise<void> {
  const ds = createDataSource({ url, poolSize: 1 });
  await ds.initialize();
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}

/** Bare multi-row INSERT and COPY of the dataset's rows into bare_events (fresh table each time). */
async function bareLimits(data: Dataset): Promise<{ insert: number; copy: number }> {
  await freshDatabase(DB_BARE);
  await migrateDatabase(dbUrl(DB_BARE)); // forces (the foreign key) and the real events table to compare with
  return withClient(dbUrl(DB_BARE), async (c) => {
    await createBareTable(c);
    const diff = await compareWithEvents(c);
    if (diff.length > 0) {
      notes.push(`bare_events differs from the migrated events table: ${diff.join('; ')}`);
      log(`WARNING: ${diff.join('; ')}`);
    }
    const storedAt = new Date().toISOString();
    await c.query('CHECKPOINT');
    let t0 = performance.now();
    for (let i = 0; i < data.rows.length; i += 1000) await insertRows(c, data.rows.slice(i, i + 1000), 'bare', storedAt);
    const insertSeconds = (performance.now() - t0) / 1000;
    const n1 = Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM bare_events')).rows[0].n);
    if (n1 !== data.rows.length) throw new Error(`bare INSERT wrote ${n1} rows, expected ${data.rows.length}`);
    log(`  bare INSERT: ${fmt(data.rows.length / insertSeconds)} rows/s (${insertSeconds.toFixed(2)} s)`);

    await createBareTable(c);
    await c.query('CHECKPOINT');
    t0 = performance.now();
    await copyRows(c, data.rows, 'bare', storedAt);
    const copySeconds = (performance.now() - t0) / 1000;
    const n2 = Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM bare_events')).rows[0].n);
    if (n2 !== data.rows.length) throw new Error(`bare COPY wrote ${n2} rows, expected ${data.rows.length}`);
    log(`  bare COPY: ${fmt(data.rows.length / copySeconds)} rows/s (${copySeconds.toFixed(2)} s)`);
    return { insert: data.rows.length / insertSeconds, copy: data.rows.length / copySeconds };
  });
}

/** The service's bulk ingest of `data` into a fresh database (after a checkpoint, as the bare runs). */
async function serviceIngest(data: Dataset): Promise<Ingest> {
  await freshDatabase(DB_INGEST);
  await withClient(dbUrl(DB_INGEST), (c) => c.query('CHECKPOINT'));
  const svc = await startService({ DATABASE_URL: dbUrl(DB_INGEST) }, 'PostgreSQL');
  let r: Ingest;
  try {
    r = await bulkIngest(svc, data);
  } finally {
    await stop(svc.cp);
  }
  log(
    `  service: ${fmt(r.eventsPerSecond)} events/s (${r.seconds.toFixed(1)} s), peak RSS ${r.peakRssMb.toFixed(0)} MB; ` +
      `CPU per 1,000 events: service ${r.serviceCpuPer1000.toFixed(0)} ms, PostgreSQL ${r.postgresCpuPer1000.toFixed(0)} ms`,
  );
  return r;
}

async function measureIngest(data: Dataset, full: boolean): Promise<void> {
  // Rounds of (bare INSERT, bare COPY, service), medians reported: this machine's speed drifts by a quarter
  // over minutes (other tenants), and a drift that fell on one side only would skew the ratio.
  const rounds: { bare: { insert: number; copy: number }; r: Ingest }[] = [];
  for (let round = 1; round <= INGEST_ROUNDS; round++) {
    log(`round ${round} of ${INGEST_ROUNDS}: bare limits (${fmt(data.rows.length)} rows), then the service (PostgreSQL, ${DB_INGEST})`);
    const bare = await bareLimits(data);
    rounds.push({ bare, r: await serviceIngest(data) });
  }
  const mid = (f: (x: (typeof rounds)[number]) => number) => median(rounds.map(f));
  const bare = { insert: mid((x) => x.bare.insert), copy: mid((x) => x.bare.copy) };
  const ratio = mid((x) => x.r.eventsPerSecond / x.bare.insert);
  // the median round by service rate stands for the others in the details below
  const r = [...rounds].sort((a, b) => a.r.eventsPerSecond - b.r.eventsPerSecond)[Math.floor((rounds.length - 1) / 2)].r;
  const peakRssMb = Math.max(...rounds.map((x) => x.r.peakRssMb));
  const stored = await withClient(dbUrl(DB_INGEST), async (c) => {
    const q = await c.query<{ events: string; records: string; history: string; findings: string }>(
      `SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM records) AS records,
              (SELECT count(*) FROM classification_history) AS history, (SELECT count(*) FROM findings) AS findings`,
    );
    return q.rows[0];
  });
  if (Number(stored.events) !== data.events) throw new Error(`the service stored ${stored.events} events, expected ${data.events}`);
  facts['ingest rounds'] = rounds
    .map(
      (x, i) =>
        `round ${i + 1}: bare INSERT ${fmt(x.bare.insert)} rows/s, COPY ${fmt(x.bare.copy)} rows/s, service ${fmt(x.r.eventsPerSecond)} events/s ` +
        `(${(x.r.eventsPerSecond / x.bare.insert).toFixed(2)} of INSERT), CPU per 1,000 events service ${x.r.serviceCpuPer1000.toFixed(0)} ms, ` +
        `PostgreSQL ${x.r.postgresCpuPer1000.toFixed(0)} ms`,
    )
    .join('; ');
  facts['service ingest'] =
    `${fmt(r.events)} events in ${r.seconds.toFixed(1)} s (${Object.entries(r.statuses)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')}); stored ${fmt(Number(stored.events))} events, ${fmt(Number(stored.records))} records, ` +
    `${fmt(Number(stored.history))} history rows, ${fmt(Number(stored.findings))} findings (last round); service RSS idle after boot ${r.idleRssMb.toFixed(0)} MB; ` +
    `rate over the first quarter of the events ${fmt(r.firstQuarter)} events/s, over the last quarter ${fmt(r.lastQuarter)} events/s; ` +
    `CPU per 1,000 events: service ${r.serviceCpuPer1000.toFixed(0)} ms, PostgreSQL ${r.postgresCpuPer1000.toFixed(0)} ms ` +
    `(${(((r.serviceCpuPer1000 + r.postgresCpuPer1000) * r.eventsPerSecond) / 1000 / 1000).toFixed(2)} of ${cpus().length} cores busy on average)`;
  for (const x of rounds)
    if (x.r.retries.length > 0)
      notes.push(
        `PostgreSQL ingest: ${x.r.retries.length} batch(es) retried after a 5xx or a network error (${x.r.retries.slice(0, 3).join('; ')})`,
      );
  const of = rounds.length > 1 ? ` (median of ${rounds.length} rounds)` : '';

  results.push({
    measure: `Bulk ingest, PostgreSQL (${data.label}: ${fmt(data.events)} events), events/s${of}`,
    service: `**${fmt(r.eventsPerSecond)}** (${r.seconds.toFixed(1)} s)`,
    bare: `INSERT ${fmt(bare.insert)} · COPY ${fmt(bare.copy)}`,
    ratio: `${ratio.toFixed(2)} of INSERT · ${mid((x) => x.r.eventsPerSecond / x.bare.copy).toFixed(2)} of COPY`,
    goal: '≥ 0.33 × INSERT',
    met: verdict(ratio >= 0.33),
  });
  if (full)
    results.push({
      measure: `Whole national history 2019-04..2026-10, seconds${of}`,
      service: `**${r.seconds.toFixed(1)} s**`,
      bare: '',
      ratio: '',
      goal: '≤ 60 s',
      met: verdict(r.seconds <= 60),
    });
  results.push({
    measure: `Ingest rate vs the national-history goal's rate (≥ 12,000 events/s)${of}`,
    service: `${fmt(r.eventsPerSecond)} events/s`,
    bare: '',
    ratio: `${(r.eventsPerSecond / 12_000).toFixed(2)} of goal`,
    goal: '≥ 12,000 events/s',
    met: verdict(r.eventsPerSecond >= 12_000),
  });
  results.push({
    measure: `Service peak RSS during bulk ingest (PostgreSQL), MB${rounds.length > 1 ? ', highest of the rounds' : ''}`,
    service: `**${peakRssMb.toFixed(0)}** (idle ${r.idleRssMb.toFixed(0)})`,
    bare: '',
    ratio: '',
    goal: '≤ 300 MB',
    met: verdict(peakRssMb <= 300),
  });
}

async function measureRebuild(): Promise<void> {
  log('rebuild (npm run cli -- rebuild)');
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: dbUrl(DB_INGEST), LOG_LEVEL };
  delete env.DATA_DIR;
  const cp = track(
    spawn(process.execPath, [path.join(DIST, 'src', 'cli', 'main.js'), 'rebuild'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  const sampler = rssSampler(cp.pid!);
  let stdout = '';
  cp.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  const output = tail(cp);
  const code = await new Promise<number | null>((resolve) => cp.once('exit', (c) => resolve(c)));
  const peak = sampler.stop();
  if (code !== 0) throw new Error(`rebuild exited ${code}:\n${output()}`);
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`rebuild printed no JSON summary:\n${output()}`);
  const r = JSON.parse(line) as { referrals: number; events: number; seconds: number; eventsPerSecond: number };
  log(`  rebuild: ${fmt(r.eventsPerSecond)} events/s (${r.seconds} s, ${fmt(r.referrals)} referrals)`);
  results.push({
    measure: `Rebuild of the ingested database (${fmt(r.referrals)} referrals, ${fmt(r.events)} events), events/s`,
    service: `**${fmt(r.eventsPerSecond)}** (${r.seconds.toFixed(1)} s)`,
    bare: '',
    ratio: '',
    goal: '—',
    met: '—',
  });
  facts['rebuild'] = `peak RSS of the rebuild process ${peak.toFixed(0)} MB`;
}

let httpSeq = 0;
const RUN_ID = randomBytes(4).toString('hex');
const FORCES = ['E23000001', 'E23000010', 'E23000005', 'E23000014', 'E23000028'];

/** A new REFERRAL_RECEIVED (new eventId, new referralRef) for each request. */
function newReferral(): string {
  const n = httpSeq++;
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return JSON.stringify({
    eventId: `bench-${RUN_ID}-${n}`,
    type: 'REFERRAL_RECEIVED',
    force: FORCES[n % FORCES.length],
    referralRef: `NRM-BENCH-${RUN_ID}-${n}`,
    occurredAt: now,
    receivedAt: now,
    recordedAt: now,
    referralType: 'NRM',
    source: 'COMPETENT_AUTHORITY',
    firstResponder: { type: 'GOVERNMENT_AGENCY', organisation: 'National Crime Agency' },
    victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true },
    exploitationTypes: ['LABOUR'],
    exploitationLocation: 'UK',
  });
}

async function cannon(url: string, token: string | undefined, seconds: number, readPath?: string): Promise<AutocannonResult> {
  const authorization = token ? { authorization: `Bearer ${token}` } : {};
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      readPath
        ? { method: 'GET', path: readPath, headers: authorization }
        : {
            method: 'POST',
            path: '/v1/events',
            headers: { 'content-type': 'application/json', ...authorization },
            setupRequest: (req: Record<string, unknown>) => ({ ...req, body: newReferral() }),
          },
    ],
  });
}

/**
 * Record reads: GET of one record, at the same connections, each read written to the access log first
 * (src/audit/access-log.ts). No bare endpoint: the figure is for comparing the service with itself.
 */
async function measureReads(): Promise<void> {
  if (!only.has('ingest') && !only.has('http')) await freshDatabase(DB_INGEST);
  log('record reads: GET /v1/forces/:force/records/:referralRef');
  const svc = await startService({ DATABASE_URL: dbUrl(DB_INGEST) }, 'PostgreSQL');
  const runs: { rps: number; p50: number; p99: number; cpu: string }[] = [];
  try {
    const body = newReferral();
    const sent = await fetch(`${svc.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${svc.token}` },
      body,
    });
    if (sent.status !== 201) throw new Error(`the record to read was not written: HTTP ${sent.status}`);
    const { force, referralRef } = JSON.parse(body) as { force: string; referralRef: string };
    const path = `/v1/forces/${force}/records/${encodeURIComponent(referralRef)}`;
    await cannon(svc.url, svc.token, WARMUP, path);
    for (let i = 1; i <= HTTP_ROUNDS; i++) {
      const cpu0 = [cpuMs(svc.cp.pid!), postgresCpuMs()];
      const r = await cannon(svc.url, svc.token, DURATION, path);
      const cpu1 = [cpuMs(svc.cp.pid!), postgresCpuMs()];
      if (r.non2xx > 0 || r.errors > 0)
        throw new Error(`record reads: ${r.non2xx} non-2xx answers, ${r.errors} errors of ${r.requests.total}`);
      const per = (k: number) => (((cpu1[k] - cpu0[k]) * 1000) / r.requests.total).toFixed(0);
      const cpu = `service ${per(0)} µs, PostgreSQL ${per(1)} µs`;
      log(`  run ${i}: ${fmt(r.requests.average)} req/s, p50 ${r.latency.p50}, p99 ${r.latency.p99} ms; CPU per read: ${cpu}`);
      runs.push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpu });
    }
  } finally {
    await stop(svc.cp);
  }
  results.push({
    measure: `Record reads GET /v1/forces/:force/records/:ref, requests/s, p50 / p99 ms (${CONNECTIONS} connections, median of ${HTTP_ROUNDS})`,
    service: `${fmt(median(runs.map((r) => r.rps)))}; ${median(runs.map((r) => r.p50))} / ${median(runs.map((r) => r.p99))}`,
    bare: '—',
    ratio: '—',
    goal: '—',
    met: '—',
  });
  facts['record reads'] =
    `runs: ${runs.map((r) => `${fmt(r.rps)} req/s p99 ${r.p99} ms (${r.cpu})`).join('; ')}; each read logged (access log)`;
}

async function measureHttp(): Promise<void> {
  // The service on the ingest database (populated when ingest ran) and the bare endpoint on the bare database.
  if (!only.has('ingest')) {
    await freshDatabase(DB_INGEST);
    await freshDatabase(DB_BARE);
    await migrateDatabase(dbUrl(DB_BARE));
    await withClient(dbUrl(DB_BARE), (c) => createBareTable(c));
  }
  const measure = async (label: string, url: string, token: string | undefined, pid: number) => {
    const sampler = rssSampler(pid);
    const cpu0 = [cpuMs(pid), postgresCpuMs(), cpuMs(process.pid)];
    const r = await cannon(url, token, DURATION);
    const cpu1 = [cpuMs(pid), postgresCpuMs(), cpuMs(process.pid)];
    const peak = sampler.stop();
    if (r.non2xx > 0 || r.errors > 0) {
      throw new Error(`${label}: ${r.non2xx} non-2xx answers, ${r.errors} errors (${r.timeouts} timeouts) of ${r.requests.total}`);
    }
    const perRequest = (i: number) => (((cpu1[i] - cpu0[i]) * 1000) / r.requests.total).toFixed(0);
    log(
      `  ${label}: ${fmt(r.requests.average)} req/s, mean ${r.latency.average} ms, p50 ${r.latency.p50}, p90 ${r.latency.p90}, ` +
        `p97.5 ${r.latency.p97_5}, p99 ${r.latency.p99}, max ${r.latency.max} ms, peak RSS ${peak.toFixed(0)} MB; ` +
        `CPU per request: server ${perRequest(0)} µs, PostgreSQL ${perRequest(1)} µs, autocannon ${perRequest(2)} µs`,
    );
    return { rps: r.requests.average, total: r.requests.total, p50: r.latency.p50, p99: r.latency.p99, peak };
  };

  // Both endpoints stay up (an idle one costs nothing) and are measured alternately, so that a burst of load
  // from elsewhere on the machine does not fall on one of them only; medians of each figure are reported.
  log('single-event HTTP: the service and the bare endpoint');
  const svc = await startService({ DATABASE_URL: dbUrl(DB_INGEST) }, 'PostgreSQL');
  const port = await freePort();
  const bareEnv = { ...process.env, DATABASE_URL: dbUrl(DB_BARE), PORT: String(port), DATABASE_POOL_SIZE: '10' };
  const bareCp = track(
    spawn(process.execPath, [path.join(DIST, 'bench', 'bare', 'bare-server.js')], {
      cwd: ROOT,
      env: bareEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const bareOut = tail(bareCp);
  const bareUrl = `http://127.0.0.1:${port}`;
  const runs: { service: Awaited<ReturnType<typeof measure>>[]; bare: Awaited<ReturnType<typeof measure>>[] } = { service: [], bare: [] };
  try {
    await waitReady(`${bareUrl}/`, bareCp, bareOut, 'the bare endpoint');
    log(`  warm-up ${WARMUP} s each, then ${HTTP_ROUNDS} × ${DURATION} s each, alternating, at ${CONNECTIONS} connections`);
    await cannon(svc.url, svc.token, WARMUP);
    await cannon(bareUrl, undefined, WARMUP);
    for (let i = 1; i <= HTTP_ROUNDS; i++) {
      runs.service.push(await measure(`service POST /v1/events, run ${i}`, svc.url, svc.token, svc.cp.pid!));
      runs.bare.push(await measure(`bare POST /v1/events, run ${i}`, bareUrl, undefined, bareCp.pid!));
    }
  } finally {
    await stop(svc.cp);
    await stop(bareCp);
  }
  const summary = (xs: Awaited<ReturnType<typeof measure>>[]) => ({
    requests: { average: median(xs.map((x) => x.rps)), total: xs.reduce((t, x) => t + x.total, 0) },
    latency: { p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)) },
    peak: Math.max(...xs.map((x) => x.peak)),
    runs: xs.map((x) => `${fmt(x.rps)} req/s p99 ${x.p99} ms`).join(', '),
  });
  const s = summary(runs.service);
  const b = summary(runs.bare);
  const label = `${CONNECTIONS} connections, median of ${HTTP_ROUNDS} × ${DURATION} s after ${WARMUP} s warm-up`;
  results.push({
    measure: `Single-event POST /v1/events, requests/s (${label})`,
    service: `**${fmt(s.requests.average)}**`,
    bare: `${fmt(b.requests.average)}`,
    ratio: `${(s.requests.average / b.requests.average).toFixed(2)}`,
    goal: '—',
    met: '—',
  });
  results.push({
    measure: 'Single-event latency p50 / p99, ms',
    service: `${s.latency.p50} / **${s.latency.p99}**`,
    bare: `${b.latency.p50} / ${b.latency.p99}`,
    ratio: `p99 ${(s.latency.p99 / b.latency.p99).toFixed(2)} ×`,
    goal: 'p99 ≤ 2 × bare',
    met: verdict(s.latency.p99 <= 2 * b.latency.p99),
  });
  facts['single-event HTTP'] =
    `service ${fmt(s.requests.total)} requests (runs: ${s.runs}; peak RSS ${s.peak.toFixed(0)} MB, LOG_LEVEL=${LOG_LEVEL}); bare ${fmt(b.requests.total)} requests ` +
    `(runs: ${b.runs}; peak RSS ${b.peak.toFixed(0)} MB); the two measured alternately; each request a new REFERRAL_RECEIVED (new eventId and referralRef); ` +
    `the service also answers with the record`;
}

async function measurePglite(): Promise<void> {
  const data = generate(PGL_FROM, PGL_TO, false);
  log(`bulk ingest through the service on PGlite: ${fmt(data.events)} events (${data.label})`);
  const dir = mkdtempSync(path.join(tmpdir(), 'n200-bench-pglite-'));
  tempDirs.push(dir);
  const svc = await startService({ DATA_DIR: dir }, 'PGlite');
  let r: Ingest;
  try {
    r = await bulkIngest(svc, data);
  } finally {
    await stop(svc.cp, 30_000);
    rmSync(dir, { recursive: true, force: true });
  }
  if (r.retries.length > 0)
    notes.push(`PGlite ingest: ${r.retries.length} batch(es) retried after a 5xx or a network error (${r.retries.slice(0, 3).join('; ')})`);
  log(`  PGlite: ${fmt(r.eventsPerSecond)} events/s, peak RSS ${r.peakRssMb.toFixed(0)} MB`);
  results.push({
    measure: `PGlite: bulk ingest (${data.label}: ${fmt(data.events)} events), events/s`,
    service: `**${fmt(r.eventsPerSecond)}** (${r.seconds.toFixed(1)} s)`,
    bare: '',
    ratio: '',
    goal: '—',
    met: '—',
  });
  results.push({
    measure: 'PGlite: service peak RSS during bulk ingest (database in-process), MB',
    service: `**${r.peakRssMb.toFixed(0)}** (idle ${r.idleRssMb.toFixed(0)})`,
    bare: '',
    ratio: '',
    goal: '≤ 300 MB',
    met: verdict(r.peakRssMb <= 300),
  });
}

/** Runs one of the existing benchmark scripts, its progress to stderr, and returns its stdout. */
async function runScript(script: string, database: string): Promise<string> {
  const env = { ...process.env, DATABASE_URL: dbUrl(database) };
  const cp = track(
    spawn(process.execPath, [path.join(DIST, script), '--runs', String(RUNS)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  let stdout = '';
  cp.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  cp.stderr!.on('data', (c: Buffer) => process.stderr.write(c));
  const code = await new Promise<number | null>((resolve) => cp.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(`${script} exited ${code}`);
  return stdout;
}

const cells = (line: string): string[] =>
  line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim().replace(/\*\*/g, ''));

async function measureReturns(): Promise<void> {
  log('returns at one million records (bench/returns/returns-bench.js)');
  const out = await runScript('bench/returns/returns-bench.js', 'n200_bench');
  const national = out.split('\n').find((l) => l.startsWith('| National (ALL)'));
  if (!national) throw new Error(`returns-bench printed no national row:\n${out.slice(0, 2000)}`);
  // | label | counted | rows | computeReturn | SQL only | baseline | ratio | runs |
  const c = cells(national);
  const [doc, sql, base] = [Number(c[3]), Number(c[4]), Number(c[5])];
  const data = /^Data: (.*)$/m.exec(out)?.[1] ?? '';
  results.push({
    measure: 'National return FY 2024-25 at 1M records (computeReturn), ms',
    service: `**${doc.toFixed(1)}** (SQL alone ${sql.toFixed(1)})`,
    bare: `${base.toFixed(1)} (records GROUP BY)`,
    ratio: `${(doc / base).toFixed(2)}`,
    goal: '≤ 500 ms and ≤ 1.5 × bare',
    met: verdict(doc <= 500 && doc / base <= 1.5),
  });
  facts['returns'] = `${data}; ${c[1]} records counted; median of ${RUNS} warm runs (runs ${c[7]} ms)`;
}

async function measureCompliance(): Promise<void> {
  log('compliance summary at one million records (bench/compliance/summary-bench.js)');
  const out = await runScript('bench/compliance/summary-bench.js', 'n200_bench_compliance');
  const whole = out.split('\n').find((l) => l.includes('complianceSummary, whole'));
  const inTx = out.split('\n').find((l) => l.includes('REPEATABLE READ'));
  if (!whole || !inTx) throw new Error(`summary-bench printed no summary rows:\n${out.slice(0, 2000)}`);
  const ms = Number(cells(whole)[1]);
  const msTx = Number(cells(inTx)[1]);
  // The bare SQL: findings per check of the largest force's FY 2024-25 records, one GROUP BY.
  const bare = await withClient(dbUrl('n200_bench_compliance'), async (c) => {
    const force = (
      await c.query<{ code: string; name: string }>('SELECT code, name FROM forces ORDER BY police_nrm_referrals_2023 DESC LIMIT 1')
    ).rows[0];
    const now = new Date();
    const sql = `SELECT f.check_id, count(*)::int AS n FROM findings f JOIN records r ON r.id = f.record_id
                  WHERE r.force = $1 AND r.received_date >= '2024-04-01' AND r.received_date < '2025-04-01' AND r.status = 'OPEN'
                    AND f.system_to IS NULL AND f.due_at <= $2 GROUP BY 1`;
    const xs: number[] = [];
    for (let i = 0; i < 2 + RUNS; i++) {
      const t0 = performance.now();
      await c.query(sql, [force.code, now]);
      if (i >= 2) xs.push(performance.now() - t0);
    }
    xs.sort((a, b) => a - b);
    return { force, ms: xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2 };
  });
  const data = /^Data: (.*)$/m.exec(out)?.[1] ?? '';
  results.push({
    measure: `Compliance summary FY 2024-25, ${bare.force.name}, at 1M records, ms`,
    service: `**${ms.toFixed(1)}** (in a REPEATABLE READ tx ${msTx.toFixed(1)})`,
    bare: `${bare.ms.toFixed(1)} (findings-per-check GROUP BY)`,
    ratio: `${(ms / bare.ms).toFixed(2)}`,
    goal: '< 1 s (issue 5)',
    met: verdict(ms < 1000),
  });
  facts['compliance'] = `${data}; median of ${RUNS} warm runs`;
}

// ---------------------------------------------------------------------------------------------- report

function table(): string {
  const head = ['Measure', 'Service', 'Physical limit / bare', 'Ratio', 'Goal', 'Goal met'];
  const rows = results.map((r) => [r.measure, r.service, r.bare, r.ratio, r.goal, r.met]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cs: string[]) => `| ${cs.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

function sh(cmd: string): string {
  try {
    return execSync(cmd, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** Rewrites the section between the markers (--full has its own pair, so both runs stay recorded). */
function updateDocs(section: string, full: boolean): void {
  const [start, end] = full ? [START.replace('bench:', 'bench:full:'), END.replace('bench:', 'bench:full:')] : [START, END];
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n';
  const block = `${start}\n\n${section}\n\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  const next =
    i >= 0 && j > i
      ? doc.slice(0, i) + block + doc.slice(j + end.length)
      : `${doc.trimEnd()}\n\n### ${full ? 'Whole national history (`npm run bench -- --full`)' : 'Generated results (`npm run bench`)'}\n\n${block}\n`;
  writeFileSync(DOC, next);
  log(`updated ${path.relative(ROOT, DOC)}`);
}

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = new Date();
  const loadBefore = loadavg();
  ensureServer();
  const pgVersion = await admin(async (c) => (await c.query<{ v: string }>('SELECT version() AS v')).rows[0].v.replace(/ on .*$/, ''));
  // Other engineers edit the same work tree: name what the run measured beyond the commit.
  const dirty = execSync('git status --porcelain -- src migrations bench package.json', {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3));
  const commit = `${sh('git rev-parse --short HEAD')}${
    dirty.length > 0
      ? ` plus uncommitted changes in ${dirty.slice(0, 8).join(', ')}${dirty.length > 8 ? ` and ${dirty.length - 8} more` : ''}`
      : ''
  }`;
  log(`measures: ${[...only].join(', ')}; commit ${commit}; ${cpus().length} cores; Node ${process.version}; ${pgVersion}`);

  try {
    if (only.has('ingest')) {
      const data = generate(FROM, TO, true);
      log(`generated ${fmt(data.events)} events (${fmt(data.referrals)} referrals) in ${data.seconds.toFixed(1)} s: ${data.label}`);
      await measureIngest(data, opt.full);
      if (only.has('rebuild')) await measureRebuild();
    }
    if (only.has('http')) await measureHttp();
    if (only.has('reads')) await measureReads();
    if (only.has('pglite')) await measurePglite();
    if (only.has('returns')) await measureReturns();
    if (only.has('compliance')) await measureCompliance();
  } finally {
    if (!opt.keep) {
      for (const db of [DB_INGEST, DB_BARE]) await dropDatabase(db).catch((e: Error) => log(`could not drop ${db}: ${e.message}`));
    }
  }

  const loadAfter = loadavg();
  const out = table();
  process.stdout.write(`\n${out}\n\n`);
  for (const [k, v] of Object.entries(facts)) process.stdout.write(`${k}: ${v}\n`);
  for (const n of notes) process.stdout.write(`note: ${n}\n`);

  if (WRITE_DOCS) {
    const argv = process.argv.slice(2).join(' ');
    const section = [
      `Generated by \`npm run bench${argv ? ` -- ${argv}` : ''}\` — do not edit by hand between the markers.`,
      '',
      `- Date: ${sh('date -u')} (started ${started.toISOString()}, ${((Date.now() - started.getTime()) / 60000).toFixed(1)} min)`,
      `- Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${loadBefore.map((x) => x.toFixed(1)).join(' / ')} before, ${loadAfter.map((x) => x.toFixed(1)).join(' / ')} after (1/5/15 min); Node ${sh('node -v')}; ${pgVersion}`,
      `- Commit: ${commit}`,
      `- Data: PostgreSQL ${FROM}..${TO} scale ${SCALE} seed ${SEED}${only.has('pglite') ? `; PGlite ${PGL_FROM}..${PGL_TO}` : ''}; service LOG_LEVEL=${LOG_LEVEL}, NODE_ENV=production`,
      '',
      out,
      '',
      ...Object.entries(facts).map(([k, v]) => `- ${k}: ${v}`),
      ...notes.map((n) => `- note: ${n}`),
    ].join('\n');
    updateDocs(section, opt.full);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
    killChildren('SIGKILL');
    process.exit(1);
  },
);
