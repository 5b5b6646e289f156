import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { submissionRevisions } from '../submissions/return-submissions';
import { GetRevisionsQuery } from './get-revisions.query';

@QueryHandler(GetRevisionsQuery)
export class GetRevisionsHandler implements IQueryHandler<GetRevisionsQuery> {
  constructor(private readonly dataSource: DataSource) {}

  execute(q: GetRevisionsQuery) {
    return this.dataSource.transaction('REPEATABLE READ', (tx) => submissionRevisions(tx, q.id));
  }
}
