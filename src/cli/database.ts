import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../config/env';
import { createDataSource, targetFromConfig } from '../database/data-source';

/**
 * The service's own database (same configuration: DATABASE_URL or DATA_DIR), migrated, for a CLI command. An
 * embedded database must already exist: a mistyped DATA_DIR would otherwise make an empty one, and a return
 * of zeros from it looks like a real one.
 */
export async function withDatabase<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const config = loadConfig();
  if (config.databaseUrl === undefined && !existsSync(join(config.dataDir, 'pgdata'))) {
    throw new Error(`there is no database in DATA_DIR ${config.dataDir} (start the service with this DATA_DIR first, or set DATABASE_URL)`);
  }
  const ds = createDataSource(targetFromConfig(config));
  await ds.initialize();
  try {
    await ds.runMigrations();
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}
