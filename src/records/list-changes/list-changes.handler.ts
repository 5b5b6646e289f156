import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ValidationFailedError } from '../../common/app-error';
import { decodeCursor, encodeCursor } from '../../common/cursors';
import { settledNow } from '../../database/system-time';
import { CODE_TITLES, type HocrCode } from '../../hocr/codes';
import { type ClassificationChange, type ClassificationChangePage, ListChangesQuery } from './list-changes.query';

interface ChangeRow {
  id: string;
  referral_ref: string;
  from_status: string | null;
  from_code: string | null;
  to_status: string;
  to_code: string | null;
  rule: string;
  reason: string;
  caused_by_event_id: string;
  valid_from: Date;
  learned_at: Date;
}

/** An instant as the cursors write it: UTC to the microsecond. */
const micros = (d: Date) => d.toISOString().replace('Z', '000Z');

/**
 * The records of one force whose history changed in a window of service time, then each compared as at the
 * window's two ends (a record changed and changed back within it is not listed). The window ends at a settled
 * time (src/database/system-time.ts): every write stamped before it has committed and every later write is
 * stamped after it, so windows that follow one another (since = the last until) miss nothing and repeat
 * nothing. Records are taken in id order, in chunks, until a page is full.
 */
@QueryHandler(ListChangesQuery)
export class ListChangesHandler implements IQueryHandler<ListChangesQuery, ClassificationChangePage> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ force, from, limit }: ListChangesQuery): Promise<ClassificationChangePage> {
    let since: string;
    let until: string;
    let after = '0';
    if ('cursor' in from) {
      [since, until, after] = decodeCursor(from.cursor, ['instant', 'instant', 'id']);
    } else {
      since = from.since;
      const now = await settledNow(this.dataSource);
      until = micros(now);
      if (since > until) {
        throw new ValidationFailedError([
          { field: 'since', reason: `must not be later than the service's current time (${now.toISOString()})` },
        ]);
      }
    }
    const items: ClassificationChange[] = [];
    const chunk = Math.min(1000, limit * 2);
    for (;;) {
      const rows = await this.chunk(force, since, until, after, chunk);
      for (const r of rows) {
        after = r.id;
        if (r.from_status === r.to_status && r.from_code === r.to_code) continue;
        items.push(change(r));
        if (items.length === limit) {
          return { force, since, until, items, nextCursor: encodeCursor([since, until, after]) };
        }
      }
      if (rows.length < chunk) return { force, since, until, items, nextCursor: null };
    }
  }

  private chunk(force: string, since: string, until: string, after: string, limit: number): Promise<ChangeRow[]> {
    return this.dataSource.query(
      `WITH touched AS (
         SELECT DISTINCT h.record_id FROM classification_history h
          WHERE h.force = $1 AND h.valid_to IS NULL AND h.system_from > $2::timestamptz AND h.system_from <= $3::timestamptz
            AND h.record_id > $4::bigint
          ORDER BY h.record_id LIMIT $5
       )
       SELECT t.record_id::text AS id, r.referral_ref, b.status AS from_status, b.code AS from_code,
              a.status AS to_status, a.code AS to_code, a.rule, a.reason, a.caused_by_event_id, a.valid_from, a.system_from AS learned_at
         FROM touched t
         JOIN records r ON r.id = t.record_id
         LEFT JOIN LATERAL (
           SELECT x.status, x.code FROM classification_history x
            WHERE x.record_id = t.record_id AND x.valid_to IS NULL AND x.system_from <= $2::timestamptz
              AND (x.system_to IS NULL OR x.system_to > $2::timestamptz)
            LIMIT 1) b ON true
         JOIN LATERAL (
           SELECT x.status, x.code, x.rule, x.reason, x.caused_by_event_id, x.valid_from, x.system_from FROM classification_history x
            WHERE x.record_id = t.record_id AND x.valid_to IS NULL AND x.system_from <= $3::timestamptz
              AND (x.system_to IS NULL OR x.system_to > $3::timestamptz)
            LIMIT 1) a ON true
        ORDER BY t.record_id`,
      [force, since, until, after, limit],
    ) as Promise<ChangeRow[]>;
  }
}

function change(r: ChangeRow): ClassificationChange {
  return {
    referralRef: r.referral_ref,
    from: r.from_status === null ? null : { status: r.from_status, code: r.from_code },
    to: {
      status: r.to_status,
      code: r.to_code,
      title: r.to_code === null ? null : (CODE_TITLES[r.to_code as HocrCode] ?? null),
      rule: r.rule,
      reason: r.reason,
      causedBy: r.caused_by_event_id,
      validFrom: new Date(r.valid_from).toISOString(),
    },
    learnedAt: new Date(r.learned_at).toISOString(),
  };
}
