/**
 * Loads an NDJSON file of SPEC §4 events into the service through POST /v1/events/batch (issue 6,
 * deliverable 2), with a progress bar on stderr and events per second at the end.
 *
 *   npm run load -- events.ndjson [--url http://127.0.0.1:3000] [--token T] [--batch 1000] [--concurrency 3]
 *
 * Lines are streamed (readline) and sent as they are: the loader never parses or prints event bodies.
 * Without --token it mints a short-lived national admin token from the service's own configuration:
 * AUTH_JWT_SECRET, or the local secret in DATA_DIR made by `npm start` on the embedded database
 * (run the loader with the same DATA_DIR as the service).
 */
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { intArg, scriptArgs, usageExit } from '../../scripts/script-args';
import { mintToken } from '../../src/auth/mint-token';
import { resolveAuth } from '../../src/auth/local-secret';
import { loadConfig } from '../../src/config/env';

const HELP = `Usage: npm run load -- <events.ndjson | -> [options]

Posts the file's events (one JSON event a line) to POST /v1/events/batch, --batch events a request,
--concurrency requests in flight, and prints events per second.

Options:
  --url URL            the service                                   (default http://127.0.0.1:3000)
  --token T            bearer token (default: N200_TOKEN, else a national admin token minted
                       from AUTH_JWT_SECRET or the local secret in DATA_DIR, as \`npm run token\`)
  --batch N            events per request, 1..1000                   (default 1000)
  --concurrency N      requests in flight                            (default 3)
  --retries N          attempts after a 5xx or network error         (default 5)
  --quiet              no progress bar (the summary still prints)
  -h, --help           this help

A 4xx answer stops the load with the service's error (code, message, details with file line numbers);
5xx answers and network errors are retried with backoff. Exit status: 0 done, 1 stopped, 2 usage.
`;

function usage(message: string): never {
  return usageExit('load', HELP, message);
}

interface ErrorEnvelope {
  statusCode?: number;
  code?: string;
  message?: string;
  details?: { index?: number; field?: string; reason?: string }[];
  correlationId?: string;
}

/** A 4xx: the load stops. Carries a message fit for the terminal (never an event body). */
class Refused extends Error {}

interface Batch {
  readonly body: string;
  readonly count: number;
  /** File line number (1-based) of each event in the batch, for error messages. */
  readonly lines: number[];
}

interface PostResult {
  status: number;
  body: string;
}

function post(url: URL, agent: http.Agent, token: string | undefined, body: string): Promise<PostResult> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(120_000, () => req.destroy(new Error('no answer in 120 s')));
    req.on('error', reject);
    req.end(body);
  });
}

function describeRefusal(status: number, text: string, batch: Batch): string {
  let env: ErrorEnvelope | undefined;
  try {
    env = JSON.parse(text) as ErrorEnvelope;
  } catch {
    return `HTTP ${status} (not a JSON error envelope)`;
  }
  const out = [`HTTP ${status} ${env.code ?? ''}: ${env.message ?? ''}`.trim()];
  const details = env.details ?? [];
  for (const d of details.slice(0, 20)) {
    const line = d.index !== undefined && batch.lines[d.index] !== undefined ? `line ${batch.lines[d.index]}: ` : '';
    out.push(`  ${line}${d.field ?? ''} ${d.reason ?? ''}`.trimEnd());
  }
  if (details.length > 20) out.push(`  … and ${details.length - 20} more`);
  if (env.code === 'MALFORMED_JSON') {
    const bad = batch.lines.length > 0 ? 'one of lines ' + `${batch.lines[0]}–${batch.lines[batch.lines.length - 1]}` : 'the batch';
    out.push(`  (a line that is not JSON, in ${bad})`);
  }
  if (status === 401) out.push('  (check --token, or run the loader with the service’s AUTH_JWT_SECRET / DATA_DIR)');
  if (status === 413) out.push('  (the batch is larger than the service’s BODY_LIMIT: lower --batch)');
  if (env.correlationId) out.push(`  correlation id ${env.correlationId}`);
  return out.join('\n');
}

async function resolveToken(given: string | undefined): Promise<string | undefined> {
  if (given) return given;
  if (process.env.N200_TOKEN) return process.env.N200_TOKEN;
  const { config } = resolveAuth(loadConfig());
  if (config.auth.disabled) return undefined;
  if (!config.auth.jwtSecret) {
    throw new Refused('the service verifies tokens with a public key or JWKS: pass --token (or N200_TOKEN)');
  }
  return mintToken({
    secret: config.auth.jwtSecret,
    roles: ['admin'],
    forces: ['*'],
    sub: 'n200-load',
    ttl: '12h',
    issuer: config.auth.issuer,
    audience: config.auth.audience,
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const { values, positionals } = scriptArgs(
    'load',
    HELP,
    {
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      token: { type: 'string' },
      batch: { type: 'string' },
      concurrency: { type: 'string' },
      retries: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
    true,
  );
  if (positionals.length !== 1) usage('name one NDJSON file (or - for stdin)');
  const file = positionals[0];
  const batchSize = intArg(usage, 'batch', values.batch, 1000, 1, 1000);
  // 3: measured against 2, bulk ingest gained 12-15 % (the referral locks are taken late, so batches overlap).
  const concurrency = intArg(usage, 'concurrency', values.concurrency, 3, 1, 64);
  const retries = intArg(usage, 'retries', values.retries, 5, 0, 20);
  let base: URL;
  try {
    base = new URL(values.url!);
  } catch {
    usage(`--url is not a URL: ${values.url}`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') usage('--url must be http or https');
  const endpoint = new URL('v1/events/batch', base.href.endsWith('/') ? base.href : `${base.href}/`);

  let totalBytes = 0;
  if (file !== '-') {
    try {
      totalBytes = statSync(file).size;
    } catch (e) {
      usage(`cannot read ${file}: ${(e as Error).message}`);
    }
  }
  const token = await resolveToken(values.token);
  const agent = new (endpoint.protocol === 'https:' ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: concurrency });

  // ---- progress -------------------------------------------------------------------------------
  const started = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  let linesRead = 0;
  /** Lines that are events (not blank, not npm's banner). */
  let eventLines = 0;
  let bytesRead = 0;
  let done = 0;
  let batches = 0;
  let retried = 0;
  const statuses: Record<string, number> = {};
  const tty = process.stderr.isTTY === true;
  let lastDraw = 0;
  const draw = (final = false): void => {
    if (values.quiet) return;
    const s = seconds();
    if (!final && s - lastDraw < (tty ? 0.2 : 5)) return;
    lastDraw = s;
    // Total known so far: the event lines read; with a file, an estimate from the bytes read.
    const estimate = totalBytes > 0 && bytesRead > 0 ? Math.max(eventLines, Math.round((eventLines * totalBytes) / bytesRead)) : eventLines;
    const frac = estimate > 0 ? Math.min(1, done / estimate) : 0;
    const width = 30;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    const rate = Math.round(done / Math.max(s, 1e-9));
    const total = estimate > eventLines ? `~${estimate}` : `${eventLines}`;
    const line = `load [${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${done}/${total} events  ${rate} events/s  ${s.toFixed(0)} s`;
    process.stderr.write(tty ? `\r${line}\x1b[K${final ? '\n' : ''}` : `${line}\n`);
  };
  const ticker = setInterval(() => draw(), tty ? 250 : 5000);

  // ---- sending --------------------------------------------------------------------------------
  let stopped: Error | null = null;
  const send = async (batch: Batch): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      let failure: string;
      try {
        const res = await post(endpoint, agent, token, batch.body);
        if (res.status >= 200 && res.status < 300) {
          const parsedBody = JSON.parse(res.body) as { results?: { status: string }[] };
          for (const r of parsedBody.results ?? []) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
          done += batch.count;
          batches++;
          return;
        }
        if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 408) {
          throw new Refused(describeRefusal(res.status, res.body, batch));
        }
        failure = `HTTP ${res.status}`;
      } catch (e) {
        if (e instanceof Refused) throw e;
        failure = (e as Error).message;
      }
      if (attempt >= retries)
        throw new Refused(
          `gave up after ${retries + 1} attempts on the batch of lines ${batch.lines[0]}–${batch.lines[batch.lines.length - 1]}: ${failure}`,
        );
      retried++;
      const wait = Math.min(30_000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      process.stderr.write(`${tty && !values.quiet ? '\n' : ''}load: ${failure}; retrying in ${(wait / 1000).toFixed(1)} s\n`);
      await sleep(wait);
    }
  };

  const inFlight = new Set<Promise<void>>();
  const launch = (batch: Batch): void => {
    const p = send(batch)
      .catch((e: unknown) => {
        stopped ??= e as Error;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const rl = createInterface({ input, crlfDelay: Infinity });
  let pending: string[] = [];
  let pendingLines: number[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch: Batch = { body: `{"events":[${pending.join(',')}]}`, count: pending.length, lines: pendingLines };
    pending = [];
    pendingLines = [];
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (stopped) return;
    launch(batch);
  };

  for await (const raw of rl) {
    linesRead++;
    bytesRead += Buffer.byteLength(raw) + 1;
    const line = raw.trim();
    if (line.length === 0) continue;
    // npm's own banner ("> n200@0.1.0 generate", "> node …") when the file was made by
    // `npm run generate -- … > events.ndjson` without -s: never an event (an event line starts with "{")
    if (line.startsWith('> ')) continue;
    eventLines++;
    pending.push(line);
    pendingLines.push(linesRead);
    if (pending.length >= batchSize) await flush();
    if (stopped) break;
  }
  if (!stopped) await flush();
  await Promise.all(inFlight);
  rl.close();
  clearInterval(ticker);
  agent.destroy();
  draw(true);

  const s = seconds();
  const summary = `load: ${done} events in ${batches} batches, ${s.toFixed(1)} s, ${Math.round(done / Math.max(s, 1e-9))} events/s; ${
    Object.entries(statuses)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'nothing applied'
  }${retried > 0 ? `; ${retried} retries` : ''}`;
  if (stopped) {
    process.stderr.write(`${summary}\nload: stopped: ${(stopped as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stderr.write(`${summary}\n`);
}

main().catch((err: unknown) => {
  if (err instanceof Refused) process.stderr.write(`load: ${err.message}\n`);
  else process.stderr.write(`load: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
