// The synthetic national event stream (issue 6, deliverable 1): month by month, referral by referral,
// each referral's whole history at once (cut at the horizon), then delivery faults in a bounded
// window. A pure, lazy generator: memory does not grow with the scale or the period; the I/O lives in
// bench/generator/generate.ts.
import { londonMidnightMs } from '../hocr/time';
import { daysInMonth } from '../hocr/iso';
import { deliver, type DeliveryStats } from './delivery';
import { Rng, seedFrom } from './prng';
import { buildReferral, type BreachKind, type SyntheticEvent } from './referral';
import { formatMonth, monthOf, parseMonth, referralsBefore, referralsBeforeInYear, referralsIn, type ReferralKind } from './volumes';

export interface GeneratorOptions {
  /** First month of referrals, YYYY-MM (inclusive). */
  readonly from: string;
  /** Last month of referrals, YYYY-MM (inclusive). */
  readonly to: string;
  /** The world ends at the end of this month: later events have not happened. Default: `to`. */
  readonly horizon?: string;
  /** Multiplies the volumes (1 = the national figures; 6 ≈ one million records). */
  readonly scale: number;
  readonly seed: number;
  /** Share of events delivered late, up to `window` positions after their place. */
  readonly outOfOrder: number;
  /** Share of events delivered twice. */
  readonly duplicates: number;
  /** Share of referrals carrying one rule breach. */
  readonly breaches: number;
  /** Largest out-of-order displacement in events. Default 2,000. */
  readonly window?: number;
}

export const DEFAULT_OPTIONS: GeneratorOptions = {
  from: '2019-04',
  to: '2026-10',
  scale: 1,
  seed: 42,
  outOfOrder: 0,
  duplicates: 0,
  breaches: 0,
};

export interface GeneratorStats {
  /** The month being generated (YYYY-MM). */
  month: string;
  referrals: number;
  nrm: number;
  dtn: number;
  children: number;
  police: number;
  transfers: number;
  cancellations: number;
  /** Events produced before delivery faults (each event once). */
  uniqueEvents: number;
  /** Events dated after the horizon, not emitted. */
  droppedAfterHorizon: number;
  /** Events emitted, per type, duplicates included. */
  byType: Record<string, number>;
  events: number;
  locations: Record<string, number>;
  breaches: Partial<Record<BreachKind, number>>;
  delivery: DeliveryStats;
}

export function newStats(): GeneratorStats {
  return {
    month: '',
    referrals: 0,
    nrm: 0,
    dtn: 0,
    children: 0,
    police: 0,
    transfers: 0,
    cancellations: 0,
    uniqueEvents: 0,
    droppedAfterHorizon: 0,
    byType: {},
    events: 0,
    locations: {},
    breaches: {},
    delivery: { delayed: 0, duplicated: 0, maxHeld: 0 },
  };
}

function checkShare(name: string, v: number): void {
  if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be a share from 0 to 1 (got ${v})`);
}

/** Validates options; throws RangeError with a message fit for the command line. */
export function resolveOptions(
  o: GeneratorOptions,
): Required<GeneratorOptions> & { fromIndex: number; toIndex: number; horizonMs: number } {
  const fromIndex = parseMonth(o.from);
  const toIndex = parseMonth(o.to);
  if (toIndex < fromIndex) throw new RangeError(`--to ${o.to} is before --from ${o.from}`);
  const horizon = o.horizon ?? o.to;
  const horizonIndex = parseMonth(horizon);
  if (horizonIndex < toIndex) throw new RangeError(`--horizon ${horizon} is before --to ${o.to}`);
  if (!(o.scale > 0 && o.scale <= 1000)) throw new RangeError(`--scale must be a number above 0 and at most 1000 (got ${o.scale})`);
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff)
    throw new RangeError(`--seed must be an integer from 0 to 4294967295 (got ${o.seed})`);
  checkShare('--out-of-order', o.outOfOrder);
  checkShare('--duplicates', o.duplicates);
  checkShare('--breaches', o.breaches);
  const window = o.window ?? 2000;
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`--window must be a positive integer (got ${window})`);
  const next = monthOf(horizonIndex + 1);
  const horizonMs = londonMidnightMs(`${next.year}-${String(next.month).padStart(2, '0')}-01`) - 1;
  return { ...o, horizon, window, fromIndex, toIndex, horizonMs };
}

/** Expected referrals for the options (exact: the generator makes this many). */
export function plannedReferrals(o: GeneratorOptions): number {
  const r = resolveOptions(o);
  let n = 0;
  for (const kind of ['NRM', 'DTN'] as const)
    n += referralsBefore(kind, r.toIndex + 1, r.scale) - referralsBefore(kind, r.fromIndex, r.scale);
  return n;
}

/** Every event in generation order (no delivery faults), each referral's history together. */
export function* generateOrdered(options: GeneratorOptions, stats: GeneratorStats = newStats()): Generator<SyntheticEvent> {
  const o = resolveOptions(options);
  for (let m = o.fromIndex; m <= o.toIndex; m++) {
    stats.month = formatMonth(m);
    const { year, month } = monthOf(m);
    const rng = new Rng(seedFrom(o.seed, m, Math.round(o.scale * 1_000_000)));
    const nNrm = referralsIn('NRM', m, o.scale);
    const nDtn = referralsIn('DTN', m, o.scale);
    const total = nNrm + nDtn;
    const base = referralsBefore('NRM', m, o.scale) + referralsBefore('DTN', m, o.scale);
    const seq: Record<ReferralKind, number> = {
      NRM: referralsBeforeInYear('NRM', m, o.scale),
      DTN: referralsBeforeInYear('DTN', m, o.scale),
    };
    const dim = daysInMonth(year, month);
    const monthPrefix = `${year}-${String(month).padStart(2, '0')}-`;
    for (let k = 0; k < total; k++) {
      // DtN reports spread evenly among the month's referrals (Bresenham), dates stratified in the month.
      const kind: ReferralKind = Math.floor(((k + 1) * nDtn) / total) > Math.floor((k * nDtn) / total) ? 'DTN' : 'NRM';
      const day = 1 + Math.min(dim - 1, Math.floor(((k + rng.float()) / total) * dim));
      seq[kind]++;
      const ref = `${kind}-${year}-${String(seq[kind]).padStart(6, '0')}`;
      const built = buildReferral(rng, {
        ordinal: base + k + 1,
        ref,
        kind,
        date: monthPrefix + String(day).padStart(2, '0'),
        seed: o.seed,
        breachRate: o.breaches,
      });
      stats.referrals++;
      if (kind === 'NRM') stats.nrm++;
      else stats.dtn++;
      if (built.ageGroup === 'CHILD') stats.children++;
      if (built.police) stats.police++;
      if (built.transferred) stats.transfers++;
      if (built.cancelled) stats.cancellations++;
      stats.locations[built.location] = (stats.locations[built.location] ?? 0) + 1;
      if (built.breach) stats.breaches[built.breach] = (stats.breaches[built.breach] ?? 0) + 1;
      for (let i = 0; i < built.events.length; i++) {
        if (built.receivedMs[i] > o.horizonMs) {
          stats.droppedAfterHorizon++;
          continue;
        }
        stats.uniqueEvents++;
        yield built.events[i];
      }
    }
  }
}

/** The stream as delivered: generation order with out-of-order and duplicate deliveries. */
export function* generateEvents(options: GeneratorOptions, stats: GeneratorStats = newStats()): Generator<SyntheticEvent> {
  const o = resolveOptions(options);
  const rng = new Rng(seedFrom(o.seed, 0x0de1_17e5));
  for (const e of deliver(generateOrdered(o, stats), o, rng, stats.delivery)) {
    stats.events++;
    stats.byType[e.type] = (stats.byType[e.type] ?? 0) + 1;
    yield e;
  }
}
