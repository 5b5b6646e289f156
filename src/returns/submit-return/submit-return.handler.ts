import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { settledNow } from '../../database/system-time';
import { submitReturn } from '../submissions/return-submissions';
import { SubmitReturnCommand } from './submit-return.command';

@CommandHandler(SubmitReturnCommand)
export class SubmitReturnHandler implements ICommandHandler<SubmitReturnCommand> {
  constructor(private readonly dataSource: DataSource) {}

  async execute(c: SubmitReturnCommand) {
    const asAt = await settledNow(this.dataSource);
    return this.dataSource.transaction((tx) => submitReturn(tx, c.force, c.period, c.submittedBy, asAt));
  }
}
