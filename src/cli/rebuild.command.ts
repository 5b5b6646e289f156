import { parseArgs } from 'node:util';
import { RULE_SET_VERSION } from '../hocr/classify';
import { rebuildAll } from '../records/rebuild';
import { withDatabase } from './database';
import { Progress } from './progress';
import { UsageError } from './usage-error';

export const REBUILD_HELP = `Usage: npm run cli -- rebuild [--chunk 500]

Reclassifies every record from its stored events with the current rule set (${RULE_SET_VERSION}), after a
rule change: records, classification history and findings are rewritten where they differ, as new
service-time versions (nothing is deleted, so past returns stay reproducible). Runs against the service's
database (DATABASE_URL, or DATA_DIR: stop the service first); safe alongside a running service on
PostgreSQL (the same per-referral locks as ingestion).

  --chunk   referrals per transaction (default 500)
  --help    this text

Progress goes to stderr; the summary (referrals, events, seconds, events/s) to stdout.`;

export async function rebuildCommand(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: { chunk: { type: 'string', default: '500' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) return REBUILD_HELP;
  const chunk = /^\d{1,5}$/.test(values.chunk) ? Number(values.chunk) : NaN; // digits only: not 1e3, 0x10 or ' 5'
  if (!(chunk >= 1 && chunk <= 10000)) throw new UsageError(`--chunk ${values.chunk} must be an integer from 1 to 10000`, REBUILD_HELP);
  return withDatabase(async (ds) => {
    const started = Date.now();
    const [{ n }] = (await ds.query('SELECT count(DISTINCT referral_ref)::int AS n FROM events')) as [{ n: number }];
    const progress = new Progress('rebuild (referrals)', n);
    const { referrals, events } = await rebuildAll(ds, chunk, (k) => progress.tick(k));
    progress.finish();
    const seconds = (Date.now() - started) / 1000;
    return JSON.stringify({
      ruleSetVersion: RULE_SET_VERSION,
      referrals,
      events,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(events / Math.max(seconds, 0.001)),
    });
  });
}
