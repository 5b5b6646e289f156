import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/cursors';
import type { AccessAction } from './access-entry';

export interface AccessLogFilter {
  force?: string;
  /** Only with `force`. */
  referralRef?: string;
  actor?: string;
  action?: AccessAction;
  /** ISO UTC to the microsecond. */
  from?: string;
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

export type AccessLogPage = { items: ReturnType<typeof accessLogView>[]; nextCursor: string | null };

export class ListAccessLogQuery extends Query<AccessLogPage> {
  constructor(public readonly filter: AccessLogFilter) {
    super();
  }
}

/** Newest first, keyset-paginated on the id; each filter is a condition an index serves (migration 1763841200000). */
@QueryHandler(ListAccessLogQuery)
export class ListAccessLogHandler implements IQueryHandler<ListAccessLogQuery, AccessLogPage> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ filter }: ListAccessLogQuery): Promise<AccessLogPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.force) add('forces @> ARRAY[?::text]', filter.force);
    if (filter.force && filter.referralRef) add('records @> ?::jsonb', JSON.stringify([[filter.force, filter.referralRef]]));
    if (filter.actor) add('actor = ?', filter.actor);
    if (filter.action) add('action = ?', filter.action);
    if (filter.from) add('at >= ?::timestamptz', filter.from);
    if (filter.to) add('at < ?::timestamptz', filter.to);
    if (filter.cursor) add('id < ?::bigint', decodeCursor(filter.cursor, ['a:id'])[0]);
    params.push(filter.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, actor, channel, correlation_id, action,
              forces, records, record_count, query
         FROM access_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY access_log.id DESC LIMIT $${params.length}`,
      params,
    )) as AccessLogRow[];
    const more = rows.length > filter.limit;
    const page = more ? rows.slice(0, filter.limit) : rows;
    return { items: page.map(accessLogView), nextCursor: more ? encodeCursor([`a:${page[page.length - 1].id}`]) : null };
  }
}
