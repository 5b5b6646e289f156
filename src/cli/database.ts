import type { DataSource } from 'typeorm';
import { loadConfig } from '../config/env';
import { createDataSource, targetFromConfig } from '../database/data-source';

/** The service's own database (same configuration: DATABASE_URL or DATA_DIR), migrated, for a CLI command. */
export async function withDatabase<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = createDataSource(targetFromConfig(loadConfig()));
  await ds.initialize();
  try {
    await ds.runMigrations();
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}
