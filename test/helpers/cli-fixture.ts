import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { mintToken } from '../../src/auth/mint-token';
import type { Role } from '../../src/auth/principal';
import { loadConfig } from '../../src/config/env';
import { createDataSource, type DatabaseTarget } from '../../src/database/data-source';
import { TEST_SECRET } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * The compiled CLI (`node dist/src/cli/main.js …`) as a process, and the service's database for it:
 * seeded through the whole application in process, then closed so the CLI can open it.
 */
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

export interface BinaryRun {
  code: number;
  stdout: Buffer;
  stderr: string;
}
export interface TextRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program with only PATH and `env` in its environment; never rejects. */
function run(file: string, args: string[], env: Record<string, string>, cwd: string): Promise<BinaryRun> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr: stderr.toString('utf8') });
      },
    );
  });
}

/** A compiled script of dist/ (path relative to dist/) with these arguments; stdout as UTF-8 text. */
export const compiledText = async (script: string, env: Record<string, string>, cwd: string, ...args: string[]): Promise<TextRun> => {
  const r = await run(process.execPath, [join(ROOT, 'dist', script), ...args], env, cwd);
  return { ...r, stdout: r.stdout.toString('utf8') };
};

/** The compiled CLI with these arguments; stdout as bytes. */
export const cliBytes = (env: Record<string, string>, cwd: string, ...args: string[]): Promise<BinaryRun> =>
  run(process.execPath, [CLI, ...args], env, cwd);

/** The compiled CLI with these arguments; stdout as UTF-8 text. */
export const cliText = async (env: Record<string, string>, cwd: string, ...args: string[]): Promise<TextRun> => {
  const r = await cliBytes(env, cwd, ...args);
  return { ...r, stdout: r.stdout.toString('utf8') };
};

/** Compiles the service (scripts/build-fast.js, as npm run cli does) and makes an empty working directory for the CLI. */
export async function compileCli(prefix: string): Promise<string> {
  const build = await run('node', ['scripts/build-fast.js'], { HOME: process.env.HOME ?? '' }, ROOT);
  if (build.code !== 0) throw new Error(`build failed: ${build.stdout.toString()}${build.stderr}`);
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Seeding {
  http: ReturnType<typeof request>;
  /** A national token (forces '*') with these roles. */
  token(roles: Role[]): Promise<string>;
}

export interface CliDatabase {
  /** The CLI's environment for this database: DATABASE_URL on PostgreSQL, DATA_DIR for the embedded one. */
  env: Record<string, string>;
  /** Runs one statement on the database (between CLI runs: the embedded one has one user at a time). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * The service database for the CLI: on PostgreSQL (TEST_DATABASE_URL) a fresh test database, else the
 * embedded database in `work`/data. `seed` runs against the whole application on it, which is closed
 * afterwards to release the embedded database for the CLI (one user at a time).
 */
export async function seedCliDatabase(work: string, seed: (s: Seeding) => Promise<void>): Promise<CliDatabase> {
  let db: TestDatabase | undefined;
  let target: DatabaseTarget;
  let env: Record<string, string>;
  if (process.env.TEST_DATABASE_URL) {
    db = await createTestDatabase();
    target = db.target;
    env = { DATABASE_URL: target.url! };
  } else {
    target = { dataDir: join(work, 'data') };
    env = { DATA_DIR: target.dataDir! };
  }
  const drop = async () => {
    await db?.drop();
  };
  try {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUTH_JWT_SECRET: TEST_SECRET });
    const app = await createApp({ config, database: target });
    try {
      await seed({
        http: request(app.getHttpServer()),
        token: (roles) => mintToken({ secret: TEST_SECRET, roles, forces: ['*'], ttl: '10m' }),
      });
    } finally {
      await app.close();
    }
  } catch (err) {
    await drop();
    throw err;
  }
  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const ds = createDataSource(target);
    await ds.initialize();
    try {
      return (await ds.query(sql, params)) as T[];
    } finally {
      await ds.destroy();
    }
  };
  return { env, query, drop };
}
