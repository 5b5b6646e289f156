import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { PGlite, types, type PGliteOptions, type Results } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock';

/**
 * A minimal pg-compatible driver (`Pool` and `Client`) over ONE PGlite session, handed to TypeORM's own
 * postgres driver as `driver:`. PGlite is a single PostgreSQL backend: if two TypeORM query runners shared
 * it freely, a transaction's statements would interleave with other requests' statements and a
 * rolled-back row could be seen as committed. So the pool lends the session to one client at a time,
 * FIFO, from `connect()` until `release()`: a query runner (and its transaction) owns the database
 * exclusively. Code must therefore never ask for a second connection while holding one (use the
 * transaction's EntityManager): on PGlite that would wait forever.
 */

// Match node-postgres' text parsers so the application sees the same values on both databases.
const PARSERS = {
  [types.INT8]: (v: string) => v,
  [types.NUMERIC]: (v: string) => v,
  [types.DATE]: (v: string) => v,
  [types.BYTEA]: (v: string) => Buffer.from(v.slice(2), 'hex'),
};

export interface PgliteDriverOptions {
  /** The service's data directory (locked exclusively; PostgreSQL files in `pgdata/`); undefined = in memory. */
  dataDir?: string;
  /** A dumped data directory (tarball) to start from, e.g. a migrated template in tests. */
  loadDataDir?: Blob;
}

class Mutex {
  private locked = false;
  private readonly waiters: Array<() => void> = [];

  acquire(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }
}

interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: Results['fields'];
}

function toPgResult(res: Results): PgLikeResult {
  return {
    rows: res.rows,
    rowCount: res.rowCount ?? res.affectedRows ?? res.rows.length,
    command: (res.command ?? '').toUpperCase(),
    fields: res.fields,
  };
}

export class PgliteClient extends EventEmitter {
  constructor(
    private readonly db: PGlite,
    private readonly onRelease: () => void,
  ) {
    super();
  }

  async query(text: string | { text: string; values?: unknown[] }, values?: unknown[]): Promise<PgLikeResult | PgLikeResult[]> {
    const sql = typeof text === 'string' ? text : text.text;
    const params = typeof text === 'string' ? values : (text.values ?? values);
    if (params && params.length > 0) {
      return toPgResult(await this.db.query(sql, params as unknown[], { parsers: PARSERS }));
    }
    // Like pg's simple-query protocol: several statements allowed, and then, as pg does, a result for each.
    const results = await this.db.exec(sql, { parsers: PARSERS });
    if (results.length > 1) return results.map(toPgResult);
    return results.length > 0 ? toPgResult(results[0]) : { rows: [], rowCount: 0, command: '', fields: [] };
  }

  release(): void {
    this.onRelease();
  }
}

export function createPgliteDriver(options: PgliteDriverOptions) {
  let instance: Promise<PGlite> | undefined;
  let unlock: (() => void) | undefined;
  const mutex = new Mutex();

  const open = (): Promise<PGlite> => {
    instance ??= (async () => {
      const pgOptions: PGliteOptions = {};
      if (options.loadDataDir) pgOptions.loadDataDir = options.loadDataDir;
      if (!options.dataDir) {
        const db = new PGlite(pgOptions);
        await db.waitReady;
        return db;
      }
      unlock = lockDataDir(options.dataDir);
      try {
        const db = new PGlite(join(options.dataDir, 'pgdata'), pgOptions);
        await db.waitReady;
        return db;
      } catch (err) {
        unlock();
        throw err;
      }
    })();
    instance.catch(() => (instance = undefined));
    return instance;
  };

  class Pool extends EventEmitter {
    constructor(_config?: unknown) {
      super();
    }

    connect(callback?: (err: Error | undefined, client?: PgliteClient, release?: () => void) => void): Promise<PgliteClient> {
      const promise = (async () => {
        const db = await open();
        await mutex.acquire();
        let released = false;
        return new PgliteClient(db, () => {
          if (released) return;
          released = true;
          mutex.release();
        });
      })();
      if (callback) {
        promise.then(
          (client) => callback(undefined, client, () => client.release()),
          (err: Error) => callback(err),
        );
      }
      return promise;
    }

    async query(text: string, values?: unknown[]): Promise<PgLikeResult | PgLikeResult[]> {
      const client = await this.connect();
      try {
        return await client.query(text, values);
      } finally {
        client.release();
      }
    }

    end(callback?: (err?: Error) => void): Promise<void> {
      const promise = (async () => {
        if (!instance) return;
        const db = await instance;
        instance = undefined;
        await mutex.acquire();
        try {
          await db.close();
        } finally {
          unlock?.();
          mutex.release();
        }
      })();
      if (callback)
        promise.then(
          () => callback(),
          (err: Error) => callback(err),
        );
      return promise;
    }
  }

  return {
    Pool,
    /** The underlying PGlite instance (opened on first use); for dumps in test setup. */
    instance: open,
  };
}
