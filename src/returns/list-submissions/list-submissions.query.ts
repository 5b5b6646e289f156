import { Query } from '@nestjs/cqrs';

export class ListSubmissionsQuery extends Query<{
  items: ReturnType<typeof import('../submissions/return-submissions').submissionView>[];
  nextCursor: string | null;
}> {
  constructor(
    public readonly forces: string[],
    public readonly force: string | undefined,
    public readonly limit: number,
    public readonly cursor?: string,
  ) {
    super();
  }
}
