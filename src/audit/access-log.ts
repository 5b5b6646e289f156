import { createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { Queryable } from '../database/one-trip';
import { accessEntry, type AccessAction, type Accessor, type RecordRef } from './access-entry';

/** Writes one access log row (migrations/1763841200000-access-log.ts). */
export async function writeAccessEntry(
  db: Queryable,
  by: Accessor,
  action: AccessAction,
  records: readonly RecordRef[],
  query: Record<string, unknown>,
): Promise<void> {
  const e = accessEntry(by, action, records, query);
  await db.query(
    `INSERT INTO access_log (actor, channel, correlation_id, action, forces, records, record_count, query)
     VALUES ($1, $2, $3, $4, $5::text[], $6::jsonb, $7, $8::jsonb)`,
    [e.actor, e.channel, e.correlationId, e.action, e.forces, JSON.stringify(e.records), e.records.length, JSON.stringify(e.query)],
  );
}

/**
 * The access log of the HTTP API (DPA 2018 s62: docs/decisions.md, "The access log"). A route that answers with
 * records calls `disclosed` after its query and before it answers: if the row cannot be written the request
 * fails (no disclosure without its log line). An answer that names no record (an empty page) is logged too:
 * the log shows what was asked, and that nothing was disclosed.
 */
@Injectable()
export class AccessLog {
  constructor(private readonly dataSource: DataSource) {}

  disclosed(by: Accessor, action: AccessAction, records: readonly RecordRef[], query: Record<string, unknown>): Promise<void> {
    return writeAccessEntry(this.dataSource, by, action, records, query);
  }
}

/** The caller of an HTTP request, for the access log: the verified token's `sub` and the request id. */
export const RequestAccessor = createParamDecorator((_: unknown, ctx: ExecutionContext): Accessor => {
  const req = ctx.switchToHttp().getRequest<{ principal: Principal; id: string }>();
  return { actor: req.principal.sub, channel: 'HTTP', correlationId: String(req.id) };
});
