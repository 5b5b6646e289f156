import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/cursors';
import { micros, settledNow } from '../database/system-time';
import type { AccessAction } from './access-entry';

export interface AccessLogFilter {
  force?: string;
  /** Only with `force`. */
  referralRef?: string;
  actor?: string;
  action?: AccessAction;
  /** ISO UTC to the microsecond. */
  from?: string;
  /** ISO UTC to the microsecond; an answer ends at the earlier of this and a settled now. */
  to?: string;
  cursor?: string;
  limit: number;
}

interface AccessLogRow {
  id: string;
  at: string;
  actor: string;
  channel: string;
  correlation_id: string;
  action: string;
  forces: string[];
  records: [string, string][];
  record_count: number;
  query: Record<string, unknown>;
}

export function accessLogView(r: AccessLogRow) {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    channel: r.channel,
    correlationId: r.correlation_id,
    action: r.action,
    forces: r.forces,
    recordCount: r.record_count,
    records: r.records.map(([force, referralRef]) => ({ force, referralRef })),
    query: r.query,
  };
}

export type AccessLogPage = { until: string; items: ReturnType<typeof accessLogView>[]; nextCursor: string | null };

export class ListAccessLogQuery extends Query<AccessLogPage> {
  constructor(public readonly filter: AccessLogFilter) {
    super();
  }
}

/**
 * Newest first, keyset-paginated on the id; each filter is a condition an index serves (migration 1763841200000).
 *
 * Every answer is complete up to a settled time, `until` (src/database/system-time.ts; rows join the fence,
 * migration 1763841400000): every row stamped before it has committed, and every row written later is stamped at
 * or after it. The first page takes it (or `to`, if earlier) and the cursor carries it, so the pages of one answer
 * read one window, and a poller that asks again with `from` = the last `until` misses nothing and repeats nothing.
 */
@QueryHandler(ListAccessLogQuery)
export class ListAccessLogHandler implements IQueryHandler<ListAccessLogQuery, AccessLogPage> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ filter }: ListAccessLogQuery): Promise<AccessLogPage> {
    let until: string;
    let before: string | undefined;
    if (filter.cursor) {
      [before, until] = decodeCursor(filter.cursor, ['a:id', 'instant']);
    } else {
      const now = micros(await settledNow(this.dataSource));
      // both are ISO UTC to the microsecond: their text orders as their instants
      until = filter.to !== undefined && filter.to < now ? filter.to : now;
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    add('at < ?::timestamptz', until);
    if (filter.force) add('forces @> ARRAY[?::text]', filter.force);
    if (filter.force && filter.referralRef) add('records @> ?::jsonb', JSON.stringify([[filter.force, filter.referralRef]]));
    if (filter.actor) add('actor = ?', filter.actor);
    if (filter.action) add('action = ?', filter.action);
    if (filter.from) add('at >= ?::timestamptz', filter.from);
    if (before) add('id < ?::bigint', before);
    params.push(filter.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, actor, channel, correlation_id, action,
              forces, records, record_count, query
         FROM access_log WHERE ${where.join(' AND ')}
        ORDER BY access_log.id DESC LIMIT $${params.length}`,
      params,
    )) as AccessLogRow[];
    const more = rows.length > filter.limit;
    const page = more ? rows.slice(0, filter.limit) : rows;
    return { until, items: page.map(accessLogView), nextCursor: more ? encodeCursor([`a:${page[page.length - 1].id}`, until]) : null };
  }
}
