import { Global, Module } from '@nestjs/common';
import { AccessLog } from './access-log';
import { AccessLogController } from './access-log.controller';
import { ListAccessLogHandler } from './list-access-log.query';

/** The access log (DPA 2018 s62): written by every route that discloses records, read by admins. */
@Global()
@Module({ controllers: [AccessLogController], providers: [AccessLog, ListAccessLogHandler], exports: [AccessLog] })
export class AuditModule {}
