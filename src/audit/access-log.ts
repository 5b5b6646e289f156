import { createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { Queryable } from '../database/one-trip';
import { accessEntry, type AccessAction, type AccessEntry, type Accessor, type RecordRef } from './access-entry';

/** Writes access log rows (migrations/1763841200000-access-log.ts), in one statement. */
async function insertAccessEntries(db: Queryable, entries: readonly AccessEntry[]): Promise<void> {
  await db.query(
    `INSERT INTO access_log (actor, channel, correlation_id, action, forces, records, record_count, query)
     SELECT x.e->>'actor', x.e->>'channel', x.e->>'correlation_id', x.e->>'action',
            ARRAY(SELECT jsonb_array_elements_text(x.e->'forces')), x.e->'records', jsonb_array_length(x.e->'records'), x.e->'query'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n)
      ORDER BY x.n`,
    [
      JSON.stringify(
        entries.map((e) => ({
          actor: e.actor,
          channel: e.channel,
          correlation_id: e.correlationId,
          action: e.action,
          forces: e.forces,
          records: e.records,
          query: e.query,
        })),
      ),
    ],
  );
}

/** Writes one access log row (the CLI's). */
export function writeAccessEntry(
  db: Queryable,
  by: Accessor,
  action: AccessAction,
  records: readonly RecordRef[],
  query: Record<string, unknown>,
): Promise<void> {
  return insertAccessEntries(db, [accessEntry(by, action, records, query)]);
}

interface Waiting {
  entry: AccessEntry;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Inserts of gathered rows at once, and rows in one insert at most. */
const MAX_IN_FLIGHT = 1;
const MAX_GATHERED = 500;

/**
 * The access log of the HTTP API (DPA 2018 s62: docs/decisions.md, "The access log"). A route that answers with
 * records calls `disclosed` after its query and before it answers: if the row cannot be written the request
 * fails (no disclosure without its log line). An answer that names no record (an empty page) is logged too:
 * the log shows what was asked, and that nothing was disclosed.
 *
 * A row written alone is a commit (a WAL flush) per read, which cut a record read's throughput by more than
 * half (docs/benchmarks.md, "Tenth round"): rows that arrive while an insert is running wait for it and go
 * together in the next one, committed before any of their requests is answered. A lone row goes at once.
 */
@Injectable()
export class AccessLog {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(private readonly dataSource: DataSource) {}

  disclosed(by: Accessor, action: AccessAction, records: readonly RecordRef[], query: Record<string, unknown>): Promise<void> {
    const entry = accessEntry(by, action, records, query);
    return new Promise((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < MAX_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_GATHERED);
      this.running++;
      void this.insert(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  /**
   * One insert for the batch; if it fails, each row alone, so that a row that cannot be written fails its own
   * request only, not the others gathered with it.
   */
  private async insert(batch: Waiting[]): Promise<void> {
    try {
      await insertAccessEntries(
        this.dataSource,
        batch.map((w) => w.entry),
      );
      batch.forEach((w) => w.resolve());
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      for (const w of batch) await this.insert([w]);
    }
  }
}

/** The caller of an HTTP request, for the access log: the verified token's `sub` and the request id. */
export const RequestAccessor = createParamDecorator((_: unknown, ctx: ExecutionContext): Accessor => {
  const req = ctx.switchToHttp().getRequest<{ principal: Principal; id: string }>();
  return { actor: req.principal.sub, channel: 'HTTP', correlationId: String(req.id) };
});
