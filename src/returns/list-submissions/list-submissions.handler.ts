import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../../common/cursors';
import { submissionView, type SubmissionRow } from '../submissions/return-submissions';
import { ListSubmissionsQuery } from './list-submissions.query';

/** Newest first, keyset-paginated on (submitted_at, id); only the forces the caller may see. */
@QueryHandler(ListSubmissionsQuery)
export class ListSubmissionsHandler implements IQueryHandler<ListSubmissionsQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute(q: ListSubmissionsQuery) {
    const params: unknown[] = [q.forces.includes('*') ? null : q.forces, q.force ?? null, q.limit + 1];
    let after = '';
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor, ['instant', 'uuid']);
      params.push(at, id);
      after = 'AND (submitted_at, id) < ($4::timestamptz, $5::uuid)';
    }
    const rows = (await this.dataSource.query(
      `SELECT *, to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at FROM return_submissions
        WHERE ($1::text[] IS NULL OR force = ANY($1::text[])) AND ($2::text IS NULL OR force = $2::text) ${after}
        ORDER BY submitted_at DESC, id DESC LIMIT $3`,
      params,
    )) as (SubmissionRow & { cursor_at: string })[];
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map((r) => submissionView(r, false)),
      nextCursor: more ? encodeCursor([last.cursor_at, last.id]) : null,
    };
  }
}
