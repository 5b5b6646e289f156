import { Query } from '@nestjs/cqrs';

export class GetRevisionsQuery extends Query<Awaited<ReturnType<typeof import('../submissions/return-submissions').submissionRevisions>>> {
  constructor(public readonly id: string) {
    super();
  }
}
