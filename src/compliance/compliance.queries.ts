import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { settledNow } from '../database/system-time';
import { decodeCursor, encodeCursor } from '../common/cursors';
import { asAtOrNow } from '../common/wire-values';
import { findingView, listFindings, parsePeriodParam, type FindingsFilter, type FindingView } from './compliance-sql';
import { complianceSummary, type ComplianceSummary } from './compliance-summary';
import { worklist } from './compliance-worklist';

export class ListFindingsQuery extends Query<{ asAt: string; items: FindingView[]; nextCursor: string | null }> {
  constructor(
    /** asAt undefined: now (settled). */
    public readonly filter: Omit<FindingsFilter, 'afterId' | 'asAt'> & { asAt?: Date },
    public readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(ListFindingsQuery)
export class ListFindingsHandler implements IQueryHandler<ListFindingsQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ filter, cursor }: ListFindingsQuery) {
    const afterId = cursor ? decodeCursor(cursor, ['f:id'])[0] : undefined;
    const now = await settledNow(this.dataSource);
    const asAt = asAtOrNow(filter.asAt, now);
    const rows = await listFindings(this.dataSource, { ...filter, asAt, afterId, limit: filter.limit + 1 });
    const more = rows.length > filter.limit;
    const page = more ? rows.slice(0, filter.limit) : rows;
    return {
      asAt: asAt.toISOString(),
      items: page.map((r) => findingView(r, asAt)),
      nextCursor: more ? encodeCursor([`f:${page[page.length - 1].id}`]) : null,
    };
  }
}

export class GetSummaryQuery extends Query<ComplianceSummary> {
  constructor(
    public readonly force: string,
    public readonly period: string,
  ) {
    super();
  }
}

@QueryHandler(GetSummaryQuery)
export class GetSummaryHandler implements IQueryHandler<GetSummaryQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: GetSummaryQuery) {
    const period = parsePeriodParam(q.period);
    const now = await settledNow(this.dataSource);
    return this.dataSource.transaction('REPEATABLE READ', (tx) => complianceSummary(tx, q.force, period, now));
  }
}

export class GetWorklistQuery extends Query<Awaited<ReturnType<typeof worklist>>> {
  constructor(
    public readonly force: string,
    public readonly limit: number,
    public readonly cursor?: string,
  ) {
    super();
  }
}

@QueryHandler(GetWorklistQuery)
export class GetWorklistHandler implements IQueryHandler<GetWorklistQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: GetWorklistQuery) {
    const c = q.cursor ? decodeCursor(q.cursor, ['instant', 'id']) : undefined;
    const now = await settledNow(this.dataSource);
    return worklist(this.dataSource, q.force, now, q.limit, c ? { dueAt: c[0], id: c[1] } : undefined);
  }
}

export const COMPLIANCE_HANDLERS = [ListFindingsHandler, GetSummaryHandler, GetWorklistHandler];
