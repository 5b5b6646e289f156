import { deliver } from './delivery';
import { Rng, Weighted, seedFrom } from './prng';

describe('Rng', () => {
  it('is deterministic for a seed and differs between seeds and stream labels', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const seqA = Array.from({ length: 5 }, () => a.next32());
    expect(Array.from({ length: 5 }, () => b.next32())).toEqual(seqA);
    const c = new Rng(43);
    expect(Array.from({ length: 5 }, () => c.next32())).not.toEqual(seqA);
    expect(seedFrom(42, 1)).not.toBe(seedFrom(42, 2));
    expect(seedFrom(42, 1)).toBe(seedFrom(42, 1));
  });

  it('float is in [0, 1) with mean about 1/2; int stays within its bounds', () => {
    const r = new Rng(7);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = r.float();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      const n = r.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
  });

  it('Weighted picks in proportion to the weights', () => {
    const w = new Weighted([
      ['a', 1],
      ['b', 3],
      ['c', 0],
    ] as const);
    const r = new Rng(1);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 40_000; i++) counts[w.pick(r)]++;
    expect(counts.c).toBe(0);
    expect(counts.b / 40_000).toBeCloseTo(0.75, 1);
    expect(() => new Weighted([['x', 0]])).toThrow('weights must not all be zero');
  });
});

describe('deliver', () => {
  const stats = () => ({ delayed: 0, duplicated: 0, maxHeld: 0 });

  it('passes the input through unchanged with no faults', () => {
    const input = Array.from({ length: 1000 }, (_, i) => i);
    expect([...deliver(input, { outOfOrder: 0, duplicates: 0, window: 10 }, new Rng(1), stats())]).toEqual(input);
  });

  it('moves items at most `window` places, repeats duplicates, and loses nothing', () => {
    const input = Array.from({ length: 5000 }, (_, i) => i);
    const s = stats();
    const out = [...deliver(input, { outOfOrder: 0.2, duplicates: 0.1, window: 25 }, new Rng(3), s)];
    expect(out.length).toBe(input.length + s.duplicated);
    expect(new Set(out).size).toBe(input.length);
    expect(s.delayed / input.length).toBeCloseTo(0.2, 1);
    // Without duplicates the displacement bound is exact.
    const plain = [...deliver(input, { outOfOrder: 0.3, duplicates: 0, window: 25 }, new Rng(4), stats())];
    plain.forEach((item, j) => expect(Math.abs(item - j)).toBeLessThanOrEqual(25));
  });
});
