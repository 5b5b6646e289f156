import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/app-error';
import { readRecords } from '../record-reader';
import { recordView, type RecordView } from '../record-view';
import { GetRecordQuery } from './get-record.query';

/** One record and its current history version, in one statement. */
@QueryHandler(GetRecordQuery)
export class GetRecordHandler implements IQueryHandler<GetRecordQuery, RecordView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ force, referralRef }: GetRecordQuery): Promise<RecordView> {
    const [record] = await readRecords(this.dataSource, [{ force, referralRef }]);
    if (!record) throw new NotFoundError(`No record for referral ${referralRef} in force ${force}`);
    return recordView(record, record.history);
  }
}
