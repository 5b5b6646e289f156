import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/app-error';
import { RECORD_COLUMNS, recordView, type HistoryRow, type RecordRow, type RecordView } from '../record-view';
import { GetRecordQuery } from './get-record.query';

@QueryHandler(GetRecordQuery)
export class GetRecordHandler implements IQueryHandler<GetRecordQuery, RecordView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ force, referralRef }: GetRecordQuery): Promise<RecordView> {
    const [record] = (await this.dataSource.query(`SELECT ${RECORD_COLUMNS} FROM records WHERE force = $1 AND referral_ref = $2`, [
      force,
      referralRef,
    ])) as RecordRow[];
    if (!record) throw new NotFoundError(`No record for referral ${referralRef} in force ${force}`);
    const history = (await this.dataSource.query(
      `SELECT status, code, rule, reason, rule_set_version, caused_by_event_id, valid_from, valid_to, system_from
         FROM classification_history WHERE record_id = $1 AND system_to IS NULL ORDER BY valid_from`,
      [record.id],
    )) as HistoryRow[];
    return recordView(record, history);
  }
}
