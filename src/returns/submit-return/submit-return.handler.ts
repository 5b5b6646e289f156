import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { submitReturn } from '../submissions/return-submissions';
import { SubmitReturnCommand } from './submit-return.command';

@CommandHandler(SubmitReturnCommand)
export class SubmitReturnHandler implements ICommandHandler<SubmitReturnCommand> {
  constructor(private readonly dataSource: DataSource) {}

  execute(c: SubmitReturnCommand) {
    // One transaction: the return is computed and stored as at one service time.
    return this.dataSource.transaction('REPEATABLE READ', (tx) => submitReturn(tx, c.force, c.period, c.submittedBy));
  }
}
