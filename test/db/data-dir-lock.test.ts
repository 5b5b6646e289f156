import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource } from '../../src/database/data-source';
import { DataDirLockedError, lockDataDir } from '../../src/database/data-dir-lock';
import { createTestDatabase } from '../helpers/test-database';

/** A pid that belonged to a process which has exited (a crashed or killed service). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

describe('data directory lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'n200-lock-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const lockFile = () => join(dir, 'n200.lock');

  it('writes our pid to n200.lock and removes it on release', () => {
    const release = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(lockFile())).toBe(false);
    release(); // idempotent
  });

  it('refuses a second lock in the same process while the first is held', () => {
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid)); // the refusal left the lock alone
    release();
    lockDataDir(dir)();
  });

  it('refuses a lock held by another live process, naming its pid', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(lockFile(), String(other.pid));
      let error: unknown;
      try {
        lockDataDir(dir);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as DataDirLockedError).pid).toBe(other.pid);
      expect((error as Error).message).toContain(`in use by process ${other.pid}`);
    } finally {
      other.kill();
    }
  });

  it('takes over a stale lock left by a dead process', () => {
    writeFileSync(lockFile(), String(deadPid()));
    const release = lockDataDir(dir);
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid));
    release();
  });

  it('takes over a lock naming our own pid that this process does not hold (a restarted container)', () => {
    writeFileSync(lockFile(), String(process.pid));
    lockDataDir(dir)();
  });

  it('takes over an empty or garbled lock file (a crash while writing it)', () => {
    writeFileSync(lockFile(), '');
    lockDataDir(dir)();
    writeFileSync(lockFile(), 'not a pid');
    lockDataDir(dir)();
  });
});

// The embedded database takes the lock when it opens its data directory; a server has no data directory.
if (!process.env.TEST_DATABASE_URL) {
  describe('embedded database on a data directory', () => {
    // Writing a data directory takes 1-2 s on a quiet machine, much more when the CPU is shared.
    jest.setTimeout(60_000);
    let dir: string;
    let template: Blob;
    beforeAll(async () => {
      template = (await createTestDatabase()).target.loadDataDir!;
    });
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'n200-datadir-'));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('refuses a second DataSource on the same directory while the first is open, and releases the lock on destroy', async () => {
      const first = createDataSource({ dataDir: dir, loadDataDir: template });
      await first.initialize();
      expect(readFileSync(join(dir, 'n200.lock'), 'utf8')).toBe(String(process.pid));
      expect(existsSync(join(dir, 'pgdata', 'PG_VERSION'))).toBe(true);
      const second = createDataSource({ dataDir: dir });
      await expect(second.initialize()).rejects.toBeInstanceOf(DataDirLockedError);
      // The refused one did not disturb the first.
      expect(await first.query('SELECT count(*)::int AS n FROM forces')).toEqual([{ n: 44 }]);
      await first.destroy();
      expect(existsSync(join(dir, 'n200.lock'))).toBe(false);
    });

    it('keeps its data when the directory is reopened', async () => {
      const first = createDataSource({ dataDir: dir, loadDataDir: template });
      await first.initialize();
      await first.query('CREATE TABLE kept (v text)');
      await first.transaction((m) => m.query("INSERT INTO kept VALUES ('still here')"));
      await first.destroy();

      const again = createDataSource({ dataDir: dir });
      await again.initialize();
      try {
        expect(await again.query('SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
        expect(await again.query('SELECT count(*)::int AS n FROM forces')).toEqual([{ n: 44 }]);
      } finally {
        await again.destroy();
      }
    });

    it('keeps what a process committed before it was killed (SIGKILL), and takes over its lock', async () => {
      const ds = createDataSource({ dataDir: dir, loadDataDir: template });
      await ds.initialize();
      await ds.query('CREATE TABLE kept (v text)');
      await ds.destroy();
      // Another process holds the directory (its pid in the lock, as the service writes it), commits, and is killed.
      const script = `
        const { writeFileSync } = require('node:fs');
        const { PGlite } = require('@electric-sql/pglite');
        (async () => {
          writeFileSync(${JSON.stringify(join(dir, 'n200.lock'))}, String(process.pid));
          const db = new PGlite(${JSON.stringify(join(dir, 'pgdata'))});
          await db.transaction((tx) => tx.query("INSERT INTO kept VALUES ('committed before the kill')"));
          await db.exec("BEGIN; INSERT INTO kept VALUES ('never committed')"); // left open
          process.stdout.write('committed\\n');
          setInterval(() => {}, 1000);
        })();`;
      const child = spawn(process.execPath, ['-e', script], { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => d.toString().includes('committed') && resolve());
        child.once('exit', (code) => reject(new Error(`the child exited early (${code})`)));
      });
      await expect(createDataSource({ dataDir: dir }).initialize()).rejects.toBeInstanceOf(DataDirLockedError);
      child.kill('SIGKILL');
      await exited;

      const again = createDataSource({ dataDir: dir });
      await again.initialize();
      try {
        expect(readFileSync(join(dir, 'n200.lock'), 'utf8')).toBe(String(process.pid));
        expect(await again.query('SELECT v FROM kept')).toEqual([{ v: 'committed before the kill' }]);
      } finally {
        await again.destroy();
      }
    });

    it('opens a directory whose lock was left by a dead process', async () => {
      const first = createDataSource({ dataDir: dir, loadDataDir: template });
      await first.initialize();
      await first.destroy();
      writeFileSync(join(dir, 'n200.lock'), String(deadPid()));
      const again = createDataSource({ dataDir: dir });
      await again.initialize();
      expect(readFileSync(join(dir, 'n200.lock'), 'utf8')).toBe(String(process.pid));
      await again.destroy();
    });
  });
}
