import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { ReturnDocument } from '../return-document';
import { computeReturn } from '../return-query';
import { GetReturnQuery } from './get-return.query';

@QueryHandler(GetReturnQuery)
export class GetReturnHandler implements IQueryHandler<GetReturnQuery, ReturnDocument> {
  constructor(private readonly dataSource: DataSource) {}

  execute(q: GetReturnQuery): Promise<ReturnDocument> {
    return computeReturn(this.dataSource, { force: q.force, period: q.period, asAt: q.asAt });
  }
}
