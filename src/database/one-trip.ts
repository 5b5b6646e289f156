import type { DataSource } from 'typeorm';

/** An argument of a SQL function call: its value and its SQL type. */
export type SqlArg =
  [value: string | null, type: 'text' | 'jsonb'] | [value: readonly string[], type: 'text[]'] | [value: boolean, type: 'boolean'];

/** A call of one of the write path's SQL functions: `SELECT fn(args…) AS r`, answered with `r`. */
export interface SqlCall {
  fn: string;
  args: SqlArg[];
}

/** The call with parameters (`$1::jsonb`, …): one statement, sent with the extended protocol. */
export function parameterised(call: SqlCall): { sql: string; params: unknown[] } {
  const placeholders = call.args.map(([, type], i) => `$${i + 1}::${type}`);
  return { sql: `SELECT ${call.fn}(${placeholders.join(', ')}) AS r`, params: call.args.map(([value]) => value) };
}

interface RawResult {
  rows: { r?: unknown }[];
}

/**
 * The driver's own connection: node-postgres' Client (with `pipeline: true` on a server: src/database/data-source.ts)
 * or PgliteClient. `connection.stream` is node-postgres' socket.
 */
interface RawClient {
  query(sql: string, params?: unknown[]): Promise<RawResult>;
  connection?: { stream?: { cork?: () => void; uncork?: () => void } };
}

/**
 * A transaction that sends BEGIN together with its first statement and COMMIT together with its last, in one
 * round trip each. The connection is in node-postgres' pipeline mode, which writes a query without waiting
 * for the answer to the one before; the statements are written in one socket write (corked), each with its
 * own Sync, and run in order. A write of single events is two statements with the service's refold between
 * them (src/records/record-writer.ts), so this makes it two round trips instead of four (docs/benchmarks.md,
 * "Fourth round"). The values stay parameters, so nothing of an event is ever in the SQL text (or in a server
 * log line that quotes it).
 *
 * If the statement sent with COMMIT fails, the transaction is already aborted when the COMMIT runs, and
 * PostgreSQL rolls it back ("ROLLBACK" is the COMMIT's answer): nothing of it is written. On a connection
 * without pipelining (PGlite) the same statements simply go one after another.
 */
export class OneTripTransaction {
  private begun = false;
  private ended = false;

  constructor(private readonly client: RawClient) {}

  /** Runs the call (after BEGIN if it is the first), and COMMIT after it when `commit`; answers its `r`. */
  async call<T>(call: SqlCall, commit = false): Promise<T> {
    if (this.ended) throw new Error('the transaction has ended');
    const { sql, params } = parameterised(call);
    const first = !this.begun;
    this.begun = true;
    const stream = this.client.connection?.stream;
    stream?.cork?.();
    let sent: Promise<RawResult>[];
    try {
      sent = [
        ...(first ? [this.client.query('BEGIN')] : []),
        this.client.query(sql, params),
        ...(commit ? [this.client.query('COMMIT')] : []),
      ];
    } finally {
      stream?.uncork?.();
    }
    const results = await Promise.allSettled(sent);
    // with COMMIT sent, the transaction has ended: committed, or rolled back by the error before it
    if (commit) this.ended = true;
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return (results[first ? 1 : 0] as PromiseFulfilledResult<RawResult>).value.rows[0].r as T;
  }

  /** COMMIT, unless a call has already. */
  async commit(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (this.begun) await this.client.query('COMMIT');
  }

  /** ROLLBACK, when it was begun and has not ended. */
  async rollback(): Promise<void> {
    if (!this.begun || this.ended) return;
    this.ended = true;
    await this.client.query('ROLLBACK');
  }
}

/**
 * Runs `work` in a OneTripTransaction on a connection of its own, committed at the end unless its last call
 * already did; rolled back if it throws.
 */
export async function oneTripTransaction<T>(ds: DataSource, work: (tx: OneTripTransaction) => Promise<T>): Promise<T> {
  const runner = ds.createQueryRunner();
  const tx = new OneTripTransaction((await runner.connect()) as RawClient);
  try {
    const out = await work(tx);
    await tx.commit();
    return out;
  } catch (err) {
    await tx.rollback().catch(() => undefined);
    throw err;
  } finally {
    await runner.release();
  }
}

/** What runs a statement a round trip: a DataSource, or a transaction's EntityManager (BEGIN and COMMIT its own). */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Where the writer's statements go: a transaction's EntityManager, or a OneTripTransaction (BEGIN sent with
 * the first call, COMMIT with the last).
 */
export type WriteTx = Queryable | OneTripTransaction;

/** Runs `SELECT fn(…) AS r` in `tx` and answers `r`; on a OneTripTransaction, `commit` ends it in the same trip. */
export async function callIn<T>(tx: WriteTx, call: SqlCall, commit = false): Promise<T> {
  if (tx instanceof OneTripTransaction) return tx.call<T>(call, commit);
  const { sql, params } = parameterised(call);
  const [{ r }] = (await tx.query(sql, params)) as [{ r: T }];
  return r;
}
