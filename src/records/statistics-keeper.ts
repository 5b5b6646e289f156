import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The tables the write path grows; their planner statistics decide whether lookups use the indexes. */
const TABLES = 'events, records, classification_history, findings';

/**
 * Keeps planner statistics fresh while data pours in. Autovacuum does this on a normal server, but it is
 * off on some (this project's test server) and PGlite runs none: with no statistics the planner takes a
 * whole-table scan for the refold's lookups and bulk ingest slows as the tables grow (measured: from
 * 7,700 to 2,200 events/s over the national history). After the tables have doubled (and grown by at
 * least 10,000 events) since the last run, it runs ANALYZE once, in the background, outside any
 * transaction: a logarithmic number of runs (seven over the national history instead of twenty when it was
 * every fifth), because each run costs CPU that ingest shares (the planner scales row counts by the tables'
 * current size itself, so statistics that are a little old still plan well; missing ones do not). Best
 * effort: a failure is logged and retried after the next growth.
 */
@Injectable()
export class StatisticsKeeper {
  private readonly logger = new Logger(StatisticsKeeper.name);
  private sinceLast = 0;
  private atLast = 0;
  private running = false;

  constructor(private readonly dataSource: DataSource) {}

  noteInserted(events: number): void {
    this.sinceLast += events;
    if (this.running || this.sinceLast < Math.max(10_000, this.atLast)) return;
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
