import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, type DatabaseTarget } from '../../src/database/data-source';

/**
 * Every test file gets a fresh, migrated database:
 * - PGlite (default): an in-memory instance loaded from a dumped, migrated template (about 0.6 s);
 * - PostgreSQL (TEST_DATABASE_URL): a new database made from a migrated template database.
 * Templates are keyed by a hash of migrations/, so they are rebuilt exactly when the schema changes.
 */
const MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

function schemaHash(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_DIR).sort()) h.update(f).update(readFileSync(join(MIGRATIONS_DIR, f)));
  return h.digest('hex').slice(0, 12);
}

export function serverUrl(): URL | undefined {
  const raw = process.env.TEST_DATABASE_URL;
  if (!raw) return undefined;
  const url = new URL(raw);
  const name = url.pathname.replace(/^\//, '');
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test"`);
  }
  return url;
}

function withDb(url: URL, db: string): string {
  const u = new URL(url.toString());
  u.pathname = `/${db}`;
  return u.toString();
}

function pgliteTemplatePath(): string {
  return join(tmpdir(), `n200-test-template-${schemaHash()}.tar.gz`);
}

function serverTemplateName(url: URL): string {
  return `${url.pathname.replace(/^\//, '')}_tpl_${schemaHash()}`;
}

async function admin<T>(url: URL, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: withDb(url, 'postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Jest global setup: build the template once (or reuse it when the migrations are unchanged). */
export async function prepareTemplate(): Promise<void> {
  const url = serverUrl();
  if (url) {
    const tpl = serverTemplateName(url);
    // Templates of older schemas (and databases left by killed runs) are dropped, so they do not pile up.
    const base = url.pathname.replace(/^\//, '');
    const stale = await admin(url, async (c) =>
      (await c.query("SELECT datname FROM pg_database WHERE datname LIKE $1 || '\\_tpl\\_%' AND datname <> $2", [base, tpl])).rows.map(
        (r) => r.datname as string,
      ),
    );
    for (const name of stale) {
      await admin(url, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => undefined);
    }
    const exists = await admin(url, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [tpl])).rowCount === 1);
    if (exists) return;
    const building = `${tpl}_building_${process.pid}`;
    await admin(url, (c) => c.query(`CREATE DATABASE "${building}"`));
    const ds = createDataSource({ url: withDb(url, building), poolSize: 1 });
    await ds.initialize();
    await ds.runMigrations();
    await ds.destroy();
    await admin(url, (c) => c.query(`ALTER DATABASE "${building}" RENAME TO "${tpl}"`));
    return;
  }
  const path = pgliteTemplatePath();
  if (existsSync(path)) return;
  const ds = createDataSource({});
  await ds.initialize();
  await ds.runMigrations();
  const driver = (ds.options as unknown as { driver: { instance(): Promise<{ dumpDataDir(c: 'gzip'): Promise<Blob> }> } }).driver;
  const dump = await (await driver.instance()).dumpDataDir('gzip');
  await ds.destroy();
  const tmp = `${path}.${process.pid}`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, path);
}

export interface TestDatabase {
  target: DatabaseTarget;
  kind: 'pglite' | 'postgres';
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = serverUrl();
  if (url) {
    const name = `${url.pathname.replace(/^\//, '')}_${randomBytes(5).toString('hex')}`;
    const tpl = serverTemplateName(url);
    for (let attempt = 0; ; attempt++) {
      try {
        await admin(url, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${tpl}"`));
        break;
      } catch (err) {
        // Another worker may be copying the template this instant ("being accessed by other users").
        if (attempt >= 20 || (err as { code?: string }).code !== '55006') throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    return {
      kind: 'postgres',
      target: { url: withDb(url, name), poolSize: 10 },
      drop: () => admin(url, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
    };
  }
  const blob = new Blob([readFileSync(pgliteTemplatePath())]);
  return { kind: 'pglite', target: { loadDataDir: blob }, drop: async () => undefined };
}

/** A fresh migrated database and an initialised data source on it (destroy the data source, then drop). */
export async function openTestDataSource(): Promise<{ db: TestDatabase; ds: DataSource }> {
  const db = await createTestDatabase();
  const ds = createDataSource(db.target);
  await ds.initialize();
  return { db, ds };
}

/**
 * For a describe block: a fresh migrated database opened before its tests (`opened` is then called with the
 * data source, for the block to keep it and set up what it needs) and dropped after them.
 */
export function useTestDataSource(opened: (ds: DataSource) => Promise<void> | void): void {
  let t: { db: TestDatabase; ds: DataSource } | undefined;
  beforeAll(async () => {
    t = await openTestDataSource();
    await opened(t.ds);
  }, 60_000);
  afterAll(async () => {
    await t?.ds.destroy();
    await t?.db.drop();
  });
}
