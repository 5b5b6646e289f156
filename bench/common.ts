import { Client } from 'pg';

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
