import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { settledNow } from '../../database/system-time';
import { submissionRevisions } from '../submissions/return-submissions';
import { GetRevisionsQuery } from './get-revisions.query';

@QueryHandler(GetRevisionsQuery)
export class GetRevisionsHandler implements IQueryHandler<GetRevisionsQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: GetRevisionsQuery) {
    const now = await settledNow(this.dataSource);
    return this.dataSource.transaction('REPEATABLE READ', (tx) => submissionRevisions(tx, q.id, now));
  }
}
