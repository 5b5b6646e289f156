import { GroupCommit } from './group-commit';

/** A write that the test releases by hand, recording what each write held. */
function manualWrites(fail: (items: string[]) => boolean = () => false) {
  const writes: string[][] = [];
  const release: (() => void)[] = [];
  const write = (items: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      writes.push(items);
      release.push(() => (fail(items) ? reject(new Error(`refused ${items.join(',')}`)) : resolve(items.map((i) => `done ${i}`))));
    });
  return { writes, release, write };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Lets the first `n` writes finish, one after another, each once it has started. */
async function releaseInTurn(w: ReturnType<typeof manualWrites>, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    for (let tries = 0; !w.release[i]; tries++) {
      if (tries > 100) throw new Error(`write ${i} never started`);
      await settle();
    }
    w.release[i]();
  }
}

describe('GroupCommit', () => {
  it('writes a lone item at once, and gathers what arrives meanwhile into the next write, in arrival order', async () => {
    const w = manualWrites();
    const gc = new GroupCommit<string, string>({ maxInFlight: 1, maxGathered: 10, write: w.write });
    const a = gc.submit('a');
    expect(w.writes).toEqual([['a']]);
    const rest = ['b', 'c', 'd'].map((i) => gc.submit(i));
    expect(w.writes).toEqual([['a']]);
    w.release[0]();
    await expect(a).resolves.toBe('done a');
    expect(w.writes).toEqual([['a'], ['b', 'c', 'd']]);
    w.release[1]();
    await expect(Promise.all(rest)).resolves.toEqual(['done b', 'done c', 'done d']);
  });

  it('keeps groups apart and takes at most maxGathered items a write', async () => {
    const w = manualWrites();
    const gc = new GroupCommit<string, string>({ maxInFlight: 1, maxGathered: 2, write: w.write });
    const all = [gc.submit('x1', 'x'), gc.submit('y1', 'y'), gc.submit('x2', 'x'), gc.submit('x3', 'x'), gc.submit('y2', 'y')];
    await releaseInTurn(w, 3);
    await Promise.all(all);
    expect(w.writes).toEqual([['x1'], ['y1', 'y2'], ['x2', 'x3']]);
  });

  it('writes each item of a failed write alone, so only the item that cannot be written fails', async () => {
    const w = manualWrites((items) => items.includes('bad'));
    const splits: number[] = [];
    const gc = new GroupCommit<string, string>({ maxInFlight: 1, maxGathered: 10, write: w.write, onSplit: (n) => splits.push(n) });
    const first = gc.submit('first');
    const settled = Promise.allSettled(['ok1', 'bad', 'ok2'].map((i) => gc.submit(i)));
    await releaseInTurn(w, 5);
    await first;
    const outcomes = await settled;
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      'done ok1',
      'refused bad',
      'done ok2',
    ]);
    expect(w.writes).toEqual([['first'], ['ok1', 'bad', 'ok2'], ['ok1'], ['bad'], ['ok2']]);
    expect(splits).toEqual([3]);
  });

  it('fails every item of a write at once, written again alone never, when the error is about none of them', async () => {
    const w = manualWrites((items) => items.length > 1);
    const splits: number[] = [];
    const gc = new GroupCommit<string, string>({
      maxInFlight: 1,
      maxGathered: 10,
      write: w.write,
      onSplit: (n) => splits.push(n),
      failsAll: (err) => (err as Error).message.includes(','),
    });
    const first = gc.submit('first');
    const settled = Promise.allSettled(['a', 'b', 'c'].map((i) => gc.submit(i)));
    await releaseInTurn(w, 2);
    await expect(first).resolves.toBe('done first');
    const outcomes = await settled;
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : o.value))).toEqual([
      'refused a,b,c',
      'refused a,b,c',
      'refused a,b,c',
    ]);
    expect(w.writes).toEqual([['first'], ['a', 'b', 'c']]);
    expect(splits).toEqual([]);
  });

  it('runs up to maxInFlight writes at once', () => {
    const w = manualWrites();
    const gc = new GroupCommit<string, string>({ maxInFlight: 2, maxGathered: 10, write: w.write });
    void gc.submit('a');
    void gc.submit('b');
    void gc.submit('c');
    expect(w.writes).toEqual([['a'], ['b']]);
  });
});
