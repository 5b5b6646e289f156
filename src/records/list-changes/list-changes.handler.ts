import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ValidationFailedError } from '../../common/app-error';
import { decodeCursor, encodeCursor } from '../../common/cursors';
import { micros, settledNow } from '../../database/system-time';
import { changesChunk } from './changes-sql';
import { type ClassificationChange, type ClassificationChangePage, ListChangesQuery } from './list-changes.query';

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
      const { changes, examined, ended } = await changesChunk(this.dataSource, force, { since, until }, after, chunk);
      for (const { id, force: _force, ...change } of changes) {
        items.push(change);
        if (items.length === limit) return { force, since, until, items, nextCursor: encodeCursor([since, until, id]) };
      }
      if (ended || examined === null) return { force, since, until, items, nextCursor: null };
      after = examined;
    }
  }
}
