import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The tables the write path grows; their planner statistics decide whether lookups use the indexes. */
const TABLES = 'events, records, classification_history, findings';
/** The first run comes after this many new events (ANALYZE of small tables takes milliseconds). */
export const FIRST_ANALYZE_AFTER = 1_000;

/**
 * Keeps planner statistics fresh while data pours in. Autovacuum does this on a normal server, but it is
 * off on some (this project's test server) and PGlite runs none: with no statistics the planner takes a
 * whole-table scan for the refold's lookups and bulk ingest slows as the tables grow (measured: from
 * 7,700 to 2,200 events/s over the national history). ANALYZE also makes every session re-plan its cached
 * statements, and a plan cached while the tables were nearly empty (a fresh database) can be a whole-table
 * scan. So it runs ANALYZE once, in the background, outside any transaction, after the first 1,000 new
 * events and then each time the events table has doubled since the last run (counted from its size at
 * boot): a logarithmic number of runs, because on large tables each costs CPU that ingest shares (the
 * planner scales row counts by the tables' current size itself, so statistics that are a little old still
 * plan well; missing ones do not). Best effort: a failure is logged and retried after the next growth.
 */
@Injectable()
export class StatisticsKeeper implements OnApplicationBootstrap {
  private readonly logger = new Logger(StatisticsKeeper.name);
  private sinceLast = 0;
  private atLast = 0;
  private running = false;

  constructor(private readonly dataSource: DataSource) {}

  /** Starts counting from the events table's size as last analyzed (reltuples; -1 when never analyzed). */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const [row] = (await this.dataSource.query(`SELECT reltuples FROM pg_class WHERE oid = 'events'::regclass`)) as {
        reltuples: string;
      }[];
      this.atLast = Math.max(0, Math.round(Number(row?.reltuples ?? 0)));
    } catch (err) {
      this.logger.warn(`could not read the size of events: ${(err as Error).message}`);
    }
  }

  noteInserted(events: number): void {
    this.sinceLast += events;
    if (this.running || this.sinceLast < Math.max(FIRST_ANALYZE_AFTER, this.atLast)) return;
    this.running = true;
    const grown = this.sinceLast;
    this.sinceLast = 0;
    const started = Date.now();
    this.dataSource
      .query(`ANALYZE ${TABLES}`)
      .then(() => {
        this.atLast += grown;
        this.logger.log(`ANALYZE after ${grown} new events took ${Date.now() - started} ms`);
      })
      .catch((err: Error) => {
        this.sinceLast += grown;
        this.logger.warn(`ANALYZE failed: ${err.message}`);
      })
      .finally(() => {
        this.running = false;
      });
  }
}
