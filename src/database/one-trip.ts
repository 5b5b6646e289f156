import type { DataSource, EntityManager } from 'typeorm';

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

/**
 * A string as a SQL literal. The simple query protocol, the only one that takes several statements in one
 * message, takes no parameters, so the values are written into the text. Quotes are doubled; a value with
 * a backslash is written as an escape string (E'…', backslashes doubled), which reads the same whatever
 * `standard_conforming_strings` says. A NUL cannot be sent at all (it ends the message): refused.
 */
export function sqlString(value: string): string {
  if (value.includes('\0')) throw new Error('a SQL literal cannot hold a NUL character');
  const quoted = `'${value.replace(/'/g, "''")}'`;
  return value.includes('\\') ? `E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}

function literalArg([value, type]: SqlArg): string {
  if (value === null) return `NULL::${type}`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return `${sqlString(value)}::${type}`;
  return `ARRAY[${value.map(sqlString).join(', ')}]::text[]`;
}

/** The call with its values written in as literals (see sqlString), for a message of several statements. */
export function literal(call: SqlCall): string {
  return `SELECT ${call.fn}(${call.args.map(literalArg).join(', ')}) AS r`;
}

interface RawResult {
  rows: { r?: unknown }[];
}

/** The driver's own connection (node-postgres' Client, or PgliteClient): several statements answer an array. */
interface RawClient {
  query(sql: string): Promise<RawResult | RawResult[]>;
}

/**
 * A transaction that sends BEGIN with its first statement and COMMIT with its last, in the same message
 * (the simple query protocol runs them in order and stops at the first error). A write of single events
 * is two statements with the service's refold between them (src/records/record-writer.ts), so this makes
 * it two round trips instead of four; on this machine a round trip costs ~0.1 ms of CPU on each side
 * (docs/benchmarks.md, "Fourth round").
 */
export class OneTripTransaction {
  private begun = false;
  private ended = false;

  constructor(private readonly client: RawClient) {}

  /** Runs the call (after BEGIN if it is the first), and COMMIT after it when `commit`; answers its `r`. */
  async call<T>(call: SqlCall, commit = false): Promise<T> {
    if (this.ended) throw new Error('the transaction has ended');
    const first = !this.begun;
    this.begun = true;
    const answer = await this.client.query(`${first ? 'BEGIN; ' : ''}${literal(call)}${commit ? '; COMMIT' : ''}`);
    if (commit) this.ended = true;
    // one result per statement (an array when there are several): the call's is after BEGIN's
    const results = Array.isArray(answer) ? answer : [answer];
    return results[first ? 1 : 0].rows[0].r as T;
  }

  /** COMMIT, unless a call has already. */
  async commit(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    if (this.begun) await this.client.query('COMMIT');
  }

  /** ROLLBACK, when it was begun and has not ended (a failed message leaves it aborted, not ended). */
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

/**
 * Where the writer's statements go: a transaction's EntityManager (a round trip a statement, BEGIN and COMMIT
 * their own), or a OneTripTransaction (BEGIN sent with the first call, COMMIT with the last).
 */
export type WriteTx = EntityManager | OneTripTransaction;

/** Runs `SELECT fn(…) AS r` in `tx` and answers `r`; on a OneTripTransaction, `commit` ends it in the same trip. */
export async function callIn<T>(tx: WriteTx, call: SqlCall, commit = false): Promise<T> {
  if (tx instanceof OneTripTransaction) return tx.call<T>(call, commit);
  const { sql, params } = parameterised(call);
  const [{ r }] = (await tx.query(sql, params)) as [{ r: T }];
  return r;
}
