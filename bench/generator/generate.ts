/**
 * Synthetic national N200 event stream as NDJSON on stdout (issue 6, deliverable 1).
 *
 *   npm run generate -- --from 2019-04 --to 2026-10 --scale 1 --seed 42 [--out-of-order 0.05] \
 *     [--duplicates 0.02] [--breaches 0.05] > events.ndjson
 *
 * The generator is pure (src/synthetic/); this script writes with backpressure and reports progress and
 * a summary on stderr. See bench/generator/README.md for the shapes and decisions.
 */
import { scriptArgs, usageExit } from '../../scripts/script-args';
import { generateEvents, newStats, plannedReferrals, resolveOptions, type GeneratorOptions } from '../../src/synthetic/generator';

const HELP = `Usage: npm run generate -- [options] > events.ndjson

Writes a deterministic synthetic history of NRM and Duty to Notify referrals, one SPEC §4 event per
line (NDJSON), shaped by the published national volumes. Progress and a summary go to stderr.

Options:
  --from YYYY-MM          first month of referrals, inclusive            (default 2019-04)
  --to YYYY-MM            last month of referrals, inclusive             (default 2026-10)
  --horizon YYYY-MM       the world ends with this month: later events
                          (decisions, crimes) are not written           (default: --to)
  --scale N               multiplies the volumes; 1 = national figures,
                          6 ≈ one million records; fractions allowed     (default 1)
  --seed N                PRNG seed, 0..4294967295; same seed, same file (default 42)
  --out-of-order P        share of events delivered late (0..1)          (default 0)
  --duplicates P          share of events delivered twice (0..1)         (default 0)
  --breaches P            share of referrals with one rule breach (0..1) (default 0)
  --window N              largest out-of-order displacement, in events   (default 2000)
  --quiet                 no progress on stderr (the summary still prints)
  -h, --help              this help
`;

function fail(message: string): never {
  return usageExit('generate', HELP, message);
}

function num(name: string, raw: string | undefined, def: number): number {
  if (raw === undefined) return def;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) fail(`--${name} must be a number (got "${raw}")`);
  return v;
}

async function main(): Promise<void> {
  const { values } = scriptArgs('generate', HELP, {
    from: { type: 'string', default: '2019-04' },
    to: { type: 'string', default: '2026-10' },
    horizon: { type: 'string' },
    scale: { type: 'string' },
    seed: { type: 'string' },
    'out-of-order': { type: 'string' },
    duplicates: { type: 'string' },
    breaches: { type: 'string' },
    window: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  });
  const options: GeneratorOptions = {
    from: values.from!,
    to: values.to!,
    horizon: values.horizon,
    scale: num('scale', values.scale, 1),
    seed: num('seed', values.seed, 42),
    outOfOrder: num('out-of-order', values['out-of-order'], 0),
    duplicates: num('duplicates', values.duplicates, 0),
    breaches: num('breaches', values.breaches, 0),
    window: num('window', values.window, 2000),
  };
  let planned: number;
  try {
    resolveOptions(options);
    planned = plannedReferrals(options);
  } catch (e) {
    fail((e as Error).message);
  }

  const out = process.stdout;
  let broken = false;
  out.on('error', (err: NodeJS.ErrnoException) => {
    // A closed pipe (`| head`) ends the run quietly.
    if (err.code === 'EPIPE') {
      broken = true;
      return;
    }
    throw err;
  });

  const stats = newStats();
  const started = process.hrtime.bigint();
  const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
  const tty = process.stderr.isTTY === true;
  let lastProgress = 0;
  const progress = (final: boolean): void => {
    if (values.quiet) return;
    const s = seconds();
    if (!final && s - lastProgress < 1) return;
    lastProgress = s;
    const pct = planned > 0 ? Math.min(100, (100 * stats.referrals) / planned) : 100;
    const line = `generate: ${stats.month}  ${stats.referrals}/${planned} referrals (${pct.toFixed(0)}%)  ${stats.events} events  ${Math.round(stats.events / Math.max(s, 1e-9))} events/s`;
    process.stderr.write(tty ? `\r${line}\x1b[K${final ? '\n' : ''}` : `${line}\n`);
  };

  // Lines are joined into chunks of about 64 KiB: one write per chunk, and a wait for 'drain' whenever
  // the stream's buffer is full, so memory stays flat however large the output.
  let chunk = '';
  for (const event of generateEvents(options, stats)) {
    chunk += JSON.stringify(event) + '\n';
    if (chunk.length >= 65_536) {
      if (broken) break;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
      chunk = '';
      progress(false);
    }
  }
  if (chunk.length > 0 && !broken) out.write(chunk);
  progress(true);

  const s = seconds();
  const lines = [
    `generate: done in ${s.toFixed(1)} s: ${stats.events} events (${Math.round(stats.events / Math.max(s, 1e-9))} events/s), ${stats.referrals} referrals (${stats.nrm} NRM, ${stats.dtn} DtN)`,
    `  options: --from ${options.from} --to ${options.to} --horizon ${options.horizon ?? options.to} --scale ${options.scale} --seed ${options.seed} --out-of-order ${options.outOfOrder} --duplicates ${options.duplicates} --breaches ${options.breaches} --window ${options.window}`,
    `  per type: ${Object.entries(stats.byType)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  children ${stats.children} (${pct(stats.children, stats.nrm)} of NRM), police first responders ${stats.police} (${pct(stats.police, stats.referrals)}), transfers ${stats.transfers}, cancellations ${stats.cancellations}`,
    `  exploitation location: ${Object.entries(stats.locations)
      .map(([k, v]) => `${k} ${pct(v, stats.referrals)}`)
      .join(', ')}`,
    `  delivery: ${stats.delivery.delayed} out of order, ${stats.delivery.duplicated} duplicates (at most ${stats.delivery.maxHeld} held); ${stats.droppedAfterHorizon} events after the horizon not written`,
    `  breaches: ${
      Object.entries(stats.breaches)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
  ];
  process.stderr.write(lines.join('\n') + '\n');
}

function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`;
}

main().catch((err: unknown) => {
  process.stderr.write(`generate: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
