import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/app-error';
import { RECORD_COLUMNS, recordView, type HistoryRow, type RecordRow, type RecordView } from '../record-view';
import { GetRecordQuery } from './get-record.query';

/** One record and its current history version, in one statement (it follows every single-event write). */
@QueryHandler(GetRecordQuery)
export class GetRecordHandler implements IQueryHandler<GetRecordQuery, RecordView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ force, referralRef }: GetRecordQuery): Promise<RecordView> {
    const [record] = (await this.dataSource.query(
      `SELECT ${RECORD_COLUMNS},
              coalesce((SELECT json_agg(json_build_object('status', h.status, 'code', h.code, 'rule', h.rule, 'reason', h.reason,
                                          'rule_set_version', h.rule_set_version, 'caused_by_event_id', h.caused_by_event_id,
                                          'valid_from', h.valid_from, 'valid_to', h.valid_to, 'system_from', h.system_from)
                                        ORDER BY h.valid_from)
                          FROM classification_history h WHERE h.record_id = records.id AND h.system_to IS NULL), '[]') AS history
         FROM records WHERE force = $1 AND referral_ref = $2`,
      [force, referralRef],
    )) as (RecordRow & { history: HistoryRow[] })[];
    if (!record) throw new NotFoundError(`No record for referral ${referralRef} in force ${force}`);
    return recordView(record, record.history);
  }
}
