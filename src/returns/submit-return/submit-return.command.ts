import { Command } from '@nestjs/cqrs';

export class SubmitReturnCommand extends Command<Awaited<ReturnType<typeof import('../submissions/return-submissions').submitReturn>>> {
  constructor(
    public readonly force: string,
    public readonly period: string,
    public readonly submittedBy: string,
  ) {
    super();
  }
}
