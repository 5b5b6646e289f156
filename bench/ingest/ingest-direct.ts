import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createDataSource } from '../../src/database/data-source';
import { validateEvent } from '../../src/hocr/validate-event';
import type { HocrEvent } from '../../src/hocr/event-types';
import { IngestEventsCommand } from '../../src/ingestion/ingest-events/ingest-events.command';
import { IngestEventsHandler } from '../../src/ingestion/ingest-events/ingest-events.handler';
import { StatisticsKeeper } from '../../src/records/statistics-keeper';
import { scriptArgs, usageExit } from '../../scripts/script-args';
import { cpuMs, postgresCpuMs } from '../common';

/**
 * The ingest command without HTTP: validation + IngestEvents in batches, for profiling
 * (`node --cpu-prof dist/bench/ingest/ingest-direct.js events.ndjson`). DATABASE_URL must name a
 * database whose name contains "bench" or "prof"; it is migrated first.
 */
const HELP = `Usage: DATABASE_URL=postgres://…/n200_prof [BATCH=1000] node dist/bench/ingest/ingest-direct.js events.ndjson

The ingest command without HTTP, in batches, one after another, for profiling (node --cpu-prof …, perf).
Prints events/s and the CPU per event of this process and of the PostgreSQL server (from /proc: a local
server). The database name must contain "bench" or "prof"; it is migrated first.
`;

function usage(message: string): never {
  return usageExit('ingest-direct', HELP, message);
}

async function main(): Promise<void> {
  const { positionals } = scriptArgs('ingest-direct', HELP, {}, true);
  if (positionals.length !== 1) usage('name one NDJSON file');
  const file = positionals[0];
  const url = process.env.DATABASE_URL;
  if (!url) usage('DATABASE_URL is not set');
  let name: string;
  try {
    name = new URL(url).pathname;
  } catch {
    usage('DATABASE_URL is not a URL');
  }
  if (!/bench|prof/.test(name)) usage(`refusing database "${name.slice(1)}": its name must contain "bench" or "prof"`);
  const ds = createDataSource({ url, poolSize: 4 });
  await ds.initialize();
  await ds.runMigrations();
  const handler = new IngestEventsHandler(ds, new StatisticsKeeper(ds));
  // CPU from /proc (Linux): this process, and every PostgreSQL process on the machine (a local server)
  const cpu0 = [cpuMs(process.pid), postgresCpuMs()];
  let batch: HocrEvent[] = [];
  let n = 0;
  const started = performance.now();
  let lastMark = started;
  const flush = async () => {
    if (batch.length === 0) return;
    await handler.execute(new IngestEventsCommand(batch, 'bench', new Date()));
    n += batch.length;
    batch = [];
    // every 10 batches: the rate of the last 10 (does it decay as the tables grow?)
    if (n % 10000 === 0) {
      const now = performance.now();
      process.stderr.write(`${n} events: ${Math.round(10000 / ((now - lastMark) / 1000))} events/s over the last 10,000\n`);
      lastMark = now;
    }
  };
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (!line) continue;
    const v = validateEvent(JSON.parse(line));
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    batch.push(v.event);
    if (batch.length === Number(process.env.BATCH ?? 1000)) await flush();
  }
  await flush();
  const secs = (performance.now() - started) / 1000;
  const perEvent = (ms: number) => ((ms * 1000) / Math.max(n, 1)).toFixed(1);
  process.stdout.write(
    `${n} events in ${secs.toFixed(2)} s: ${Math.round(n / secs)} events/s; CPU per event: this process ` +
      `${perEvent(cpuMs(process.pid) - cpu0[0])} µs, PostgreSQL ${perEvent(postgresCpuMs() - cpu0[1])} µs (a local server)\n`,
  );
  await ds.destroy();
}

void main();
