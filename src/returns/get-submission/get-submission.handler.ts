import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { getSubmission, submissionView } from '../submissions/return-submissions';
import { GetSubmissionQuery } from './get-submission.query';

@QueryHandler(GetSubmissionQuery)
export class GetSubmissionHandler implements IQueryHandler<GetSubmissionQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: GetSubmissionQuery) {
    return submissionView(await getSubmission(this.dataSource, q.id), true);
  }
}
