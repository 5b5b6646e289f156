import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The tables the write path grows; their planner statistics decide whether lookups use the indexes. */
const TABLES = ['events', 'records', 'classification_history', 'findings'];
/** Rows a table must have changed by before it is analyzed, at least (ANALYZE of a small table takes milliseconds). */
export const MIN_CHANGES = 500;
/** At most one look at the tables' change counters per second. */
export const CHECK_EVERY_MS = 1_000;

interface TableChanges {
  name: string;
  /** Rows inserted, updated or deleted since the table was last analyzed (pg_stat_user_tables). */
  changed: number;
  /** Rows when it was last analyzed (pg_class.reltuples; 0 when never). */
  analyzed: number;
}

/**
 * Keeps planner statistics fresh while data pours in: what autovacuum's ANALYZE does on a normal server,
 * but it is off on some (this project's test server) and PGlite runs none. Without statistics the planner
 * scans whole tables for the refold's lookups and bulk ingest slowed as the tables grew (measured: from 7,700
 * to 2,200 events/s over the national history). And ANALYZE makes every session re-plan its cached statements:
 * a plan cached while a table was small can scan all of it once it is large (measured: single events fell from
 * 890 to 540 requests/s as `findings` grew from 338 rows, as last analyzed, to 28,000).
 *
 * After a write, at most once a second, it reads each table's change counter (`n_mod_since_analyze`) and runs
 * ANALYZE, in the background and outside any transaction, on the tables that have changed by as many rows as
 * they had when last analyzed (and by at least 500): each table's runs are logarithmic in its size, because on
 * a large table each run costs CPU that ingest shares. Best effort: a failure is logged and the next write
 * tries again.
 */
@Injectable()
export class StatisticsKeeper {
  private readonly logger = new Logger(StatisticsKeeper.name);
  private lastCheck = 0;
  private running = false;

  constructor(private readonly dataSource: DataSource) {}

  /** Called after each committed write with the number of events it stored. */
  noteInserted(events: number): void {
    if (events <= 0 || this.running || Date.now() - this.lastCheck < CHECK_EVERY_MS) return;
    this.running = true;
    this.lastCheck = Date.now();
    void this.check()
      .catch((err: Error) => this.logger.warn(`ANALYZE failed: ${err.message}`))
      .finally(() => {
        this.running = false;
      });
  }

  /** Analyzes the tables whose statistics are stale; resolves with their names (empty when none). */
  async check(): Promise<string[]> {
    const tables = (await this.dataSource.query(
      `SELECT s.relname AS name, s.n_mod_since_analyze::float8 AS changed, greatest(c.reltuples, 0)::float8 AS analyzed
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
        WHERE s.schemaname = current_schema() AND s.relname = ANY ($1)`,
      [TABLES],
    )) as TableChanges[];
    const stale = tables.filter((t) => t.changed >= Math.max(MIN_CHANGES, t.analyzed)).map((t) => t.name);
    if (stale.length === 0) return stale;
    const started = Date.now();
    await this.dataSource.query(`ANALYZE ${stale.join(', ')}`);
    this.logger.log(`ANALYZE ${stale.join(', ')} took ${Date.now() - started} ms`);
    return stale;
  }
}
