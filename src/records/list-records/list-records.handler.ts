import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../common/cursors';
import { RECORD_COLUMNS, recordSummary, type RecordRow } from '../record-view';
import { ListRecordsQuery, type RecordPage } from './list-records.query';

/** Keyset pagination on the record id: stable under concurrent inserts, no OFFSET scans. */
export function encodeRecordCursor(id: string): string {
  return encodeCursor([`r:${id}`]);
}

export function decodeRecordCursor(cursor: string): string {
  return decodeCursor(cursor, ['r:id'])[0];
}

@QueryHandler(ListRecordsQuery)
export class ListRecordsHandler implements IQueryHandler<ListRecordsQuery, RecordPage> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ filter }: ListRecordsQuery): Promise<RecordPage> {
    const where = ['force = $1'];
    const params: unknown[] = [filter.force];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.code) add('code = ?', filter.code);
    if (filter.status) add('status = ?', filter.status);
    if (filter.recordedFrom) add('received_date >= ?::date', filter.recordedFrom);
    if (filter.recordedTo) add('received_date <= ?::date', filter.recordedTo);
    if (filter.cursor) add('id > ?::bigint', decodeRecordCursor(filter.cursor));
    params.push(filter.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT ${RECORD_COLUMNS} FROM records WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${params.length}`,
      params,
    )) as RecordRow[];
    const more = rows.length > filter.limit;
    const page = more ? rows.slice(0, filter.limit) : rows;
    return { items: page.map(recordSummary), nextCursor: more ? encodeRecordCursor(page[page.length - 1].id) : null };
  }
}
