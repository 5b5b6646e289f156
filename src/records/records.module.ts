import { Module } from '@nestjs/common';
import { ChangeRelay } from './change-relay';
import { ClassificationChangesController } from './classification-changes.controller';
import { GetRecordHandler } from './get-record/get-record.handler';
import { ListChangesHandler } from './list-changes/list-changes.handler';
import { ListRecordsHandler } from './list-records/list-records.handler';
import { RecordsController } from './records.controller';
import { RuleSetCheck } from './rule-set-check';

@Module({
  controllers: [RecordsController, ClassificationChangesController],
  providers: [GetRecordHandler, ListRecordsHandler, ListChangesHandler, RuleSetCheck, ChangeRelay],
})
export class RecordsModule {}
