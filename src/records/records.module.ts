import { Module } from '@nestjs/common';
import { GetRecordHandler } from './get-record/get-record.handler';
import { ListRecordsHandler } from './list-records/list-records.handler';
import { RecordsController } from './records.controller';
import { RuleSetCheck } from './rule-set-check';

@Module({ controllers: [RecordsController], providers: [GetRecordHandler, ListRecordsHandler, RuleSetCheck] })
export class RecordsModule {}
