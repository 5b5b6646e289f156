/**
 * Benchmark (not a test) of the service's CPU work per event, without HTTP or a database:
 *   - validate + hash: `validateEvent` of each event's JSON and its content hash (SHA-256 of the canonical
 *     JSON), as `POST /v1/events/batch` does;
 *   - refold: every referral of the data refolded from all its events (`refold` of src/records/record-writer.ts:
 *     fold, timeline, classification, the 13 checks, history and findings rows, their version hashes, facts).
 * Each phase runs --runs times; the CPU time (user + system) of each run is printed, and the minimum and the
 * median (the machine's speed drifts; the minimum is the least disturbed run).
 *
 *   npm run bench:refold -- [--from 2024-01] [--to 2024-12] [--seed 42] [--runs 7]
 */
import { hash } from 'node:crypto';
import { canonicalJson } from '../../src/hocr/canonical-json';
import { validateEvent } from '../../src/hocr/validate-event';
import type { EventRow } from '../../src/records/refold';
import { refold } from '../../src/records/record-writer';
import { DEFAULT_OPTIONS, generateEvents, newStats } from '../../src/synthetic/generator';
import { intArg, scriptArgs, usageExit } from '../../scripts/script-args';
import { median } from '../common';

const HELP = `Usage: npm run bench:refold -- [options]

The service's CPU per event without HTTP or a database: validate + hash, and the refold of every referral.

Options:
  --from YYYY-MM   first month of generated referrals   (default 2024-01)
  --to YYYY-MM     last month                           (default 2024-12)
  --seed N         generator seed                       (default 42)
  --runs N         runs of each phase                   (default 7)
  --clock ISO      every event's receipt; stored 123 ms later (default 2024-06-01T10:00:00Z,
                   before half the generated dates: MS-15's worst case; a clock after --to is
                   a history loaded from another system)
  -h, --help       this help
`;

const { values: args } = scriptArgs('bench:refold', HELP, {
  from: { type: 'string', default: '2024-01' },
  to: { type: 'string', default: '2024-12' },
  seed: { type: 'string', default: '42' },
  runs: { type: 'string', default: '7' },
  clock: { type: 'string', default: '2024-06-01T10:00:00Z' },
});
const RUNS = intArg((m) => usageExit('bench:refold', HELP, m), 'runs', args.runs, 7);
const CLOCK = Date.parse(args.clock!);
if (!/^\d{4}-\d\d-\d\dT/.test(args.clock!) || Number.isNaN(CLOCK))
  usageExit('bench:refold', HELP, `--clock ${args.clock} is not an ISO 8601 date-time`);
const RECEIVED_AT = new Date(CLOCK).toISOString();
const STORED_AT = new Date(CLOCK + 123).toISOString();

const lines: string[] = [];
const byRef = new Map<string, EventRow[]>();
let seq = 0;
for (const e of generateEvents({ ...DEFAULT_OPTIONS, from: args.from!, to: args.to!, scale: 1, seed: Number(args.seed) }, newStats())) {
  const line = JSON.stringify(e);
  lines.push(line);
  const v = validateEvent(JSON.parse(line));
  if (!v.ok) continue;
  const list = byRef.get(v.event.referralRef) ?? [];
  // the clocks as the service reads them back (ISO UTC with milliseconds)
  list.push({
    seq: ++seq,
    force: v.event.force,
    event: v.event,
    receivedAt: RECEIVED_AT,
    storedAt: STORED_AT,
  });
  byRef.set(v.event.referralRef, list);
}
process.stderr.write(`${lines.length} events, ${byRef.size} referrals (${args.from}..${args.to}, seed ${args.seed})\n`);

function cpuMs(work: () => number): { ms: number; check: number } {
  const t0 = process.cpuUsage();
  const check = work();
  const u = process.cpuUsage(t0);
  return { ms: (u.user + u.system) / 1000, check };
}

const phases: Record<string, () => number> = {
  'validate + hash': () => {
    let n = 0;
    for (const line of lines) {
      const v = validateEvent(JSON.parse(line));
      if (v.ok) n += hash('sha256', canonicalJson(v.event), 'hex').length;
    }
    return n;
  },
  refold: () => {
    let n = 0;
    for (const [ref, rows] of byRef) {
      const r = refold(ref, rows, new Map(), '2024-06-01T10:00:00.123Z');
      n += r.records.length + r.history.length + r.findings.length + JSON.stringify(r.records).length;
    }
    return n;
  },
};

for (const [name, work] of Object.entries(phases)) {
  const runs: number[] = [];
  let check = -1;
  for (let i = 0; i < RUNS; i++) {
    const r = cpuMs(work);
    if (check !== -1 && r.check !== check) throw new Error(`${name}: run ${i + 1} produced other output than run 1`);
    check = r.check;
    runs.push(r.ms);
  }
  const per = (ms: number) => ((ms * 1000) / lines.length).toFixed(1);
  process.stdout.write(
    `${name}: min ${Math.min(...runs).toFixed(0)} ms, median ${median(runs).toFixed(0)} ms CPU ` +
      `(${per(Math.min(...runs))} µs an event at the minimum); runs ${runs.map((ms) => ms.toFixed(0)).join(', ')}\n`,
  );
}
