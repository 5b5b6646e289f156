import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { asAtOrNow } from '../../common/wire-values';
import { settledNow } from '../../database/system-time';
import type { ReturnDocument } from '../return-document';
import { computeReturn } from '../return-query';
import { GetReturnQuery } from './get-return.query';

@QueryHandler(GetReturnQuery)
export class GetReturnHandler implements IQueryHandler<GetReturnQuery, ReturnDocument> {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: GetReturnQuery): Promise<ReturnDocument> {
    // The fence first: every write stamped at or before the answer's asAt is then visible.
    const now = await settledNow(this.dataSource);
    return computeReturn(this.dataSource, { force: q.force, period: q.period, asAt: asAtOrNow(q.asAt, now) });
  }
}
