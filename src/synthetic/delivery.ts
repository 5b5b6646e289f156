// Delivery faults for the synthetic stream (issue 6): a share of events delivered late (out of order)
// and a share delivered twice (same eventId, same content), within a bounded window of positions so
// memory stays flat. Pure: a generator over a generator, its own random stream.
import type { Rng } from './prng';

export interface DeliveryOptions {
  /** Share of events held back and delivered up to `window` positions later. */
  readonly outOfOrder: number;
  /** Share of events delivered a second time, up to `window` positions later. */
  readonly duplicates: number;
  /** The largest displacement, in input positions. */
  readonly window: number;
}

export interface DeliveryStats {
  delayed: number;
  duplicated: number;
  /** Most events held at once (bounded by the window). */
  maxHeld: number;
}

interface Held<T> {
  readonly release: number;
  readonly seq: number;
  readonly item: T;
}

/** A binary min-heap on (release, seq). */
class ReleaseHeap<T> {
  private readonly items: Held<T>[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Held<T> | undefined {
    return this.items[0];
  }

  private less(a: Held<T>, b: Held<T>): boolean {
    return a.release < b.release || (a.release === b.release && a.seq < b.seq);
  }

  push(h: Held<T>): void {
    const a = this.items;
    a.push(h);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }

  pop(): Held<T> | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m])) m = l;
        if (r < a.length && this.less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Re-orders and repeats items of `source`. With both shares 0 the output is the input. An item is
 * never moved more than `window` input positions from where it was, and at most about
 * (outOfOrder + duplicates) × window items are held at a time.
 */
export function* deliver<T>(source: Iterable<T>, opts: DeliveryOptions, rng: Rng, stats: DeliveryStats): Generator<T> {
  const heap = new ReleaseHeap<T>();
  const window = Math.max(1, Math.floor(opts.window));
  let pos = 0;
  let seq = 0;
  for (const item of source) {
    pos++;
    if (opts.outOfOrder > 0 && rng.chance(opts.outOfOrder)) {
      heap.push({ release: pos + rng.int(1, window), seq: seq++, item });
      stats.delayed++;
    } else {
      yield item;
    }
    if (opts.duplicates > 0 && rng.chance(opts.duplicates)) {
      heap.push({ release: pos + rng.int(1, window), seq: seq++, item });
      stats.duplicated++;
    }
    if (heap.size > stats.maxHeld) stats.maxHeld = heap.size;
    while (heap.size > 0 && heap.peek()!.release <= pos) yield heap.pop()!.item;
  }
  while (heap.size > 0) yield heap.pop()!.item;
}
