import { Query } from '@nestjs/cqrs';

export class GetSubmissionQuery extends Query<ReturnType<typeof import('../submissions/return-submissions').submissionView>> {
  constructor(public readonly id: string) {
    super();
  }
}
