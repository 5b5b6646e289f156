import { createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { databaseUnavailableReason } from '../common/database-unavailable';
import { GroupCommit } from '../common/group-commit';
import type { Queryable } from '../database/one-trip';
import { accessEntry, type AccessAction, type AccessEntry, type Accessor, type RecordRef } from './access-entry';

/**
 * Writes access log rows, in one statement, through the function that joins them to the as-at fence
 * (migrations/1763841400000-access-log-fence.ts): a row is stamped after the fence is taken and committed before
 * a settled time after it is given (src/database/system-time.ts). In a transaction (the change relay's), the fence
 * is held until that transaction commits: write these rows last.
 */
async function insertAccessEntries(db: Queryable, entries: readonly AccessEntry[]): Promise<void> {
  await db.query('SELECT n200_access_log_append($1::jsonb)', [
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
  ]);
}

/** Writes access log rows with `db`, in one statement (the change relay's, last in its transaction). */
export function writeAccessEntries(db: Queryable, entries: readonly AccessEntry[]): Promise<void> {
  return insertAccessEntries(db, entries);
}

/** Writes one access log row with `db` (the CLI's). */
export function writeAccessEntry(
  db: Queryable,
  by: Accessor,
  action: AccessAction,
  records: readonly RecordRef[],
  query: Record<string, unknown>,
): Promise<void> {
  return insertAccessEntries(db, [accessEntry(by, action, records, query)]);
}

/** Inserts of gathered rows at once, and rows in one insert at most. */
const MAX_IN_FLIGHT = 1;
const MAX_GATHERED = 500;

/**
 * The access log of the HTTP API and the broker (DPA 2018 s62: docs/decisions.md, "The access log"). A route that
 * answers with records calls `disclosed` after its query and before it answers: if the row cannot be written the
 * request fails (no disclosure without its log line). An answer that names no record (an empty page) is logged
 * too: the log shows what was asked, and that nothing was disclosed.
 *
 * A row written alone is a commit (a WAL flush) per read, which cut a record read's throughput by more than
 * half (docs/benchmarks.md, "Tenth round"): rows that arrive while an insert is running go together in the next
 * one (src/common/group-commit.ts), committed before any of their requests is answered; a row that cannot be
 * written fails its own request only.
 */
@Injectable()
export class AccessLog {
  private readonly gathering: GroupCommit<AccessEntry, void>;

  constructor(dataSource: DataSource) {
    this.gathering = new GroupCommit<AccessEntry, void>({
      maxInFlight: MAX_IN_FLIGHT,
      maxGathered: MAX_GATHERED,
      write: async (entries) => {
        await insertAccessEntries(dataSource, entries);
        return entries.map(() => undefined);
      },
      failsAll: (err) => databaseUnavailableReason(err) !== undefined,
    });
  }

  disclosed(by: Accessor, action: AccessAction, records: readonly RecordRef[], query: Record<string, unknown>): Promise<void> {
    return this.gathering.submit(accessEntry(by, action, records, query));
  }
}

/** The caller of an HTTP request, for the access log: the verified token's `sub` and the request id. */
export const RequestAccessor = createParamDecorator((_: unknown, ctx: ExecutionContext): Accessor => {
  const req = ctx.switchToHttp().getRequest<{ principal: Principal; id: string }>();
  return { actor: req.principal.sub, channel: 'HTTP', correlationId: String(req.id) };
});
