import { Module } from '@nestjs/common';
import { GetRecordHandler, GetRecordsHandler } from './get-record/get-record.handler';
import { ListRecordsHandler } from './list-records/list-records.handler';
import { RecordsController } from './records.controller';

@Module({ controllers: [RecordsController], providers: [GetRecordHandler, GetRecordsHandler, ListRecordsHandler] })
export class RecordsModule {}
