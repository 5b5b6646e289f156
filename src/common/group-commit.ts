interface Waiting<In, Out> {
  item: In;
  group: string;
  resolve: (out: Out) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitOptions<In, Out> {
  /** Writes running at once; each takes every item waiting (of the first one's group) when it starts. */
  maxInFlight: number;
  /** Items in one write at most. */
  maxGathered: number;
  /** One write of the gathered items, in arrival order, answering one result per item in the same order. */
  write: (items: In[]) => Promise<Out[]>;
  /** Told when a write of several items failed and each is about to be written alone. */
  onSplit?: (size: number, err: unknown) => void;
  /**
   * An error that is about no one item (the database away, a lock not granted in time): every caller of the write
   * gets it at once, and nothing is written again alone (which would wait for the same fault once an item).
   */
  failsAll?: (err: unknown) => boolean;
}

/**
 * Group commit: a write is a transaction and a commit (a WAL flush) however small it is, so items that arrive
 * while writes are running wait and then go together, in arrival order, in one write. A lone item is never held
 * back: with a write slot free it goes at once. Each caller gets its own item's result after the write that
 * holds it has committed. If a write of several items fails, each is written again alone, in arrival order, so
 * an item that cannot be written fails its own caller only (unless the error is about none of them: `failsAll`).
 * Items of different groups never share a write.
 * Used by single events (src/ingestion/single-event) and the access log (src/audit).
 */
export class GroupCommit<In, Out> {
  private readonly waiting: Waiting<In, Out>[] = [];
  private running = 0;

  constructor(private readonly options: GroupCommitOptions<In, Out>) {}

  submit(item: In, group = ''): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, group, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.options.maxInFlight && this.waiting.length > 0) {
      const group = this.waiting[0].group;
      const batch: Waiting<In, Out>[] = [];
      for (let i = 0; i < this.waiting.length && batch.length < this.options.maxGathered;) {
        if (this.waiting[i].group === group) batch.push(this.waiting.splice(i, 1)[0]);
        else i++;
      }
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting<In, Out>[]): Promise<void> {
    let results: Out[];
    try {
      results = await this.options.write(batch.map((w) => w.item));
    } catch (err) {
      if (batch.length === 1 || this.options.failsAll?.(err)) {
        for (const w of batch) w.reject(err);
        return;
      }
      this.options.onSplit?.(batch.length, err);
      for (const w of batch) await this.run([w]);
      return;
    }
    batch.forEach((w, i) => w.resolve(results[i]));
  }
}
