import { DataSource, type DataSourceOptions } from 'typeorm';
import { types as pgTypes } from 'pg';
import type { AppConfig } from '../config/env';
import { MIGRATIONS } from '../../migrations';
import { createPgliteDriver } from './pglite-driver';

// Dates (not timestamps) come back as 'YYYY-MM-DD' strings on both databases, never as local-time Dates.
pgTypes.setTypeParser(pgTypes.builtins.DATE, (v: string) => v);

export interface DatabaseTarget {
  /** postgres://… for a server; undefined for embedded PGlite. */
  url?: string;
  poolSize?: number;
  /**
   * Server only: ms to wait for a new connection or a free pool client before the query fails (a 503; see
   * src/common/database-unavailable.ts). Unset: no limit, as node-postgres defaults.
   */
  connectTimeoutMs?: number;
  /** Embedded only: the data directory (undefined = in memory). */
  dataDir?: string;
  /** Embedded only: a dumped, migrated data directory to start from (tests). */
  loadDataDir?: Blob;
}

export function targetFromConfig(config: AppConfig): DatabaseTarget {
  return config.databaseUrl
    ? { url: config.databaseUrl, poolSize: config.databasePoolSize, connectTimeoutMs: config.databaseConnectTimeoutMs }
    : { dataDir: config.dataDir };
}

/**
 * The one DataSource definition, shared by the service, the CLIs, the migration commands and the tests.
 * synchronize is never on: the schema is what migrations/ says.
 */
export function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    entities: [],
    uuidExtension: 'pgcrypto' as const,
    installExtensions: false,
    applicationName: 'n200',
  };
  if (target.url) {
    // pipeline: a query is written without waiting for the one before it, so a transaction of single
    // events sends BEGIN and COMMIT with its statements (src/database/one-trip.ts); queries awaited one by one,
    // as everywhere else, run as before.
    const extra = { pipeline: true, ...(target.connectTimeoutMs ? { connectionTimeoutMillis: target.connectTimeoutMs } : {}) };
    return { ...common, url: target.url, poolSize: target.poolSize ?? 10, extra };
  }
  return {
    ...common,
    driver: createPgliteDriver({ dataDir: target.dataDir, loadDataDir: target.loadDataDir }),
  };
}

export function createDataSource(target: DatabaseTarget): DataSource {
  return new DataSource(dataSourceOptions(target));
}

export function isEmbedded(ds: DataSource): boolean {
  return (ds.options as { driver?: unknown }).driver !== undefined;
}
