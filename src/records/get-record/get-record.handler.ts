import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/app-error';
import { recordColumnsOf, recordView, type HistoryRow, type RecordRow, type RecordView } from '../record-view';
import { GetRecordQuery } from './get-record.query';
import { GetRecordsQuery, recordKey } from './get-records.query';

/** Records with their current history version, by (force, referral_ref) pairs, in one statement. */
async function readRecords(ds: DataSource, forces: string[], refs: string[]): Promise<(RecordRow & { history: HistoryRow[] })[]> {
  return (await ds.query(
    `SELECT ${recordColumnsOf('r')},
            coalesce((SELECT json_agg(json_build_object('status', h.status, 'code', h.code, 'rule', h.rule, 'reason', h.reason,
                                        'rule_set_version', h.rule_set_version, 'caused_by_event_id', h.caused_by_event_id,
                                        'valid_from', h.valid_from, 'valid_to', h.valid_to, 'system_from', h.system_from)
                                      ORDER BY h.valid_from)
                        FROM classification_history h WHERE h.record_id = r.id AND h.system_to IS NULL), '[]') AS history
       FROM unnest($1::text[], $2::text[]) AS k(force, referral_ref)
       JOIN records r ON r.force = k.force AND r.referral_ref = k.referral_ref`,
    [forces, refs],
  )) as (RecordRow & { history: HistoryRow[] })[];
}

/** One record and its current history version, in one statement (it follows every single-event write). */
@QueryHandler(GetRecordQuery)
export class GetRecordHandler implements IQueryHandler<GetRecordQuery, RecordView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ force, referralRef }: GetRecordQuery): Promise<RecordView> {
    const [record] = await readRecords(this.dataSource, [force], [referralRef]);
    if (!record) throw new NotFoundError(`No record for referral ${referralRef} in force ${force}`);
    return recordView(record, record.history);
  }
}

/** Several records in one statement (the answers to single events written together). */
@QueryHandler(GetRecordsQuery)
export class GetRecordsHandler implements IQueryHandler<GetRecordsQuery, Map<string, RecordView>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ keys }: GetRecordsQuery): Promise<Map<string, RecordView>> {
    const rows = await readRecords(
      this.dataSource,
      keys.map((k) => k.force),
      keys.map((k) => k.referralRef),
    );
    return new Map(rows.map((r) => [recordKey(r.force, r.referral_ref), recordView(r, r.history)]));
  }
}
