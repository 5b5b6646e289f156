import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { serverUrl } from '../helpers/test-database';

/**
 * The compiled service as an operator runs it: `node dist/src/main.js` in its own process, with its own
 * environment, signals and data directory. Runs from a temporary working directory so a developer's .env
 * never leaks in.
 */
const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const run = promisify(execFile);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface Service {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: ChildProcess[] = [];

function start(env: Record<string, string>, port: number, cwd: string): Service {
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, port, output: () => out, exited };
}

/** Polls /health/ready until 200; fails with the process output if it exits or takes too long. */
async function ready(s: Service, withinMs = 45_000): Promise<number> {
  const t0 = Date.now();
  let gone = false;
  void s.exited.then(() => (gone = true));
  while (Date.now() - t0 < withinMs) {
    if (gone) throw new Error(`the service exited before it was ready:\n${s.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${s.port}/health/ready`);
      if (res.status === 200) return Date.now() - t0;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready within ${withinMs} ms:\n${s.output()}`);
}

/** The start-up messages come after the port opens, so /health/ready may answer before they are written. */
async function printed(s: Service, text: string, withinMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!s.output().includes(text) && Date.now() - t0 < withinMs) await new Promise((r) => setTimeout(r, 50));
  expect(s.output()).toContain(text);
}

/** Leaves no process behind when an assertion fails half-way (the next test would find the lock taken). */
function kill(s: Service): void {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
}

async function stop(s: Service, signal: NodeJS.Signals = 'SIGINT') {
  s.child.kill(signal);
  return s.exited;
}

async function cli(env: Record<string, string>, cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
  return stdout.trim();
}

async function getForces(port: number, token?: string) {
  const res = await fetch(`http://127.0.0.1:${port}/v1/forces`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('the service as a process', () => {
  // About 15 s in all on a quiet machine; a start takes much longer when the CPU is shared.
  jest.setTimeout(60_000);
  let work: string;

  beforeAll(async () => {
    await run('node', ['scripts/build-fast.js'], { cwd: ROOT });
    work = mkdtempSync(join(tmpdir(), 'n200-process-'));
  }, 120_000);

  afterAll(() => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('exits non-zero with one line naming PORT when PORT=abc', async () => {
    const s = start({ PORT: 'abc', DATA_DIR: join(work, 'unused') }, 0, work);
    const { code } = await s.exited;
    expect(code).not.toBe(0);
    expect(s.output()).toBe('n200: Invalid configuration: PORT must be an integer from 1 to 65535 (got "abc")\n');
    expect(existsSync(join(work, 'unused'))).toBe(false); // nothing touched before the config is valid
  });

  describe('on the embedded database', () => {
    let dataDir: string;
    let env: Record<string, string>;
    let secret: string;

    beforeAll(() => {
      dataDir = join(work, 'data');
      env = { DATA_DIR: dataDir };
    });

    it('starts on a fresh data directory, answers /health/ready, refuses a second process, and stops cleanly on SIGINT', async () => {
      const s = start(env, await freePort(), work);
      try {
        await ready(s);
        expect(readFileSync(join(dataDir, 'n200.lock'), 'utf8')).toBe(String(s.child.pid));
        secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8');
        await printed(s, 'Made a local token secret');
        await printed(s, 'npm run token -- --role recorder --force E23000010');

        const second = start(env, await freePort(), work);
        const { code } = await second.exited;
        expect(code).not.toBe(0);
        expect(second.output()).toContain(`n200: The data directory ${dataDir} is in use by process ${s.child.pid}`);
        expect(existsSync(join(dataDir, 'n200.lock'))).toBe(true); // the refused process left the lock alone
        expect((await fetch(`http://127.0.0.1:${s.port}/health/live`)).status).toBe(200);

        expect(await stop(s, 'SIGINT')).toEqual({ code: 0, signal: null });
        expect(existsSync(join(dataDir, 'n200.lock'))).toBe(false);
      } finally {
        kill(s);
      }
    });

    it('reuses the data on a second start: same secret, a CLI-minted token is accepted', async () => {
      const s = start(env, await freePort(), work);
      try {
        await ready(s);
        expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(secret);
        await printed(s, 'Using the local token secret');

        const unauthenticated = await getForces(s.port);
        expect(unauthenticated.status).toBe(401);
        expect(unauthenticated.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });

        const token = await cli(env, work, 'token', '--role', 'recorder', '--force', 'E23000010');
        const forces = await getForces(s.port, token);
        expect(forces.status).toBe(200);
        expect(forces.body).toHaveLength(44);
        expect(forces.body).toContainEqual({ code: 'E23000010', name: expect.any(String), country: 'England' });

        // one log line per request: method, path, status, correlation id; never the token nor the body
        const posted = await fetch(`http://127.0.0.1:${s.port}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'log-probe-1' },
          body: JSON.stringify({
            eventId: 'log-probe',
            type: 'RG_DECISION',
            force: 'E23000010',
            referralRef: 'LOG-1',
            occurredAt: 'Body-Value-7781',
          }),
        });
        expect(posted.status).toBe(400);
        await printed(s, '"correlationId":"log-probe-1"');
        const requestLines = s
          .output()
          .split('\n')
          .filter((line) => line.includes('"request completed"'))
          .map((line) => JSON.parse(line) as { req: { method: string; url: string }; res: { statusCode: number }; correlationId: string });
        expect(requestLines.map((l) => `${l.req.method} ${l.req.url} ${l.res.statusCode}`)).toEqual(
          expect.arrayContaining(['GET /v1/forces 401', 'GET /v1/forces 200', 'POST /v1/events 400']),
        );
        expect(requestLines.every((l) => typeof l.correlationId === 'string' && l.correlationId.length > 0)).toBe(true);
        expect(s.output()).not.toContain(token);
        expect(s.output()).not.toContain('Body-Value-7781');

        expect(await stop(s, 'SIGTERM')).toEqual({ code: 0, signal: null });
        expect(existsSync(join(dataDir, 'n200.lock'))).toBe(false);
      } finally {
        kill(s);
      }
    });
  });

  // With a PostgreSQL server (TEST_DATABASE_URL): DATABASE_URL=… npm start migrates it and serves the same API.
  if (process.env.TEST_DATABASE_URL) {
    describe('on a PostgreSQL server', () => {
      const base = serverUrl()!;
      const name = `${base.pathname.slice(1)}_process_${randomBytes(4).toString('hex')}`;
      const url = new URL(base.toString());
      url.pathname = `/${name}`;
      const admin = async (sql: string) => {
        const u = new URL(base.toString());
        u.pathname = '/postgres';
        const c = new Client({ connectionString: u.toString() });
        await c.connect();
        try {
          await c.query(sql);
        } finally {
          await c.end();
        }
      };

      beforeAll(() => admin(`CREATE DATABASE "${name}"`));
      afterAll(() => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

      it('refuses to start without an auth key', async () => {
        const s = start({ DATABASE_URL: url.toString(), DATA_DIR: join(work, 'server-unused') }, await freePort(), work);
        const { code } = await s.exited;
        expect(code).not.toBe(0);
        expect(s.output()).toMatch(/^n200: Invalid configuration: AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL must be set/);
      });

      it('migrates an empty database at start and serves /v1/forces', async () => {
        const env = {
          DATABASE_URL: url.toString(),
          AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
          DATA_DIR: join(work, 'server-unused'),
        };
        const s = start(env, await freePort(), work);
        try {
          await ready(s);
          const token = await cli(env, work, 'token', '--role', 'recorder', '--force', 'E23000010');
          const forces = await getForces(s.port, token);
          expect(forces.status).toBe(200);
          expect(forces.body).toHaveLength(44);
          expect(await stop(s)).toEqual({ code: 0, signal: null });
          expect(existsSync(join(work, 'server-unused'))).toBe(false); // no data directory, lock or secret
        } finally {
          kill(s);
        }
      });
    });
  }
});
