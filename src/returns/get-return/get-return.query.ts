import { Query } from '@nestjs/cqrs';

export class GetReturnQuery extends Query<import('../return-document').ReturnDocument> {
  constructor(
    public readonly force: string,
    public readonly period: string,
    public readonly asAt?: Date,
  ) {
    super();
  }
}
