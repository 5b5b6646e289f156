import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Accessor } from '../audit/access-entry';
import { AccessLog, RequestAccessor } from '../audit/access-log';
import { Roles } from '../auth/auth.decorators';
import { ValidationFailedError } from '../common/app-error';
import { DEFAULT_PAGE_SIZE } from '../common/page-request.dto';
import { instantMicrosParam } from '../common/wire-values';
import { ClassificationChangePageDto, ListChangesRequestDto } from './list-changes/list-changes.dto';
import { ListChangesQuery } from './list-changes/list-changes.query';
import { ForceParamDto } from './records.dto';

/**
 * The force's classification changes, for systems that keep a copy of the codes (docs/decisions.md,
 * "Classification changes are read from the history"): poll with `since` = the last answer's `until`.
 */
@ApiTags('records')
@ApiBearerAuth()
@Controller('v1/forces/:force/classification-changes')
@Roles('recorder', 'auditor', 'spoc')
export class ClassificationChangesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly accessLog: AccessLog,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "The force's records whose classification (code or status) differs between two service times: after `since`, up to now. " +
      'Follow nextCursor for the rest of the window, then ask again with since = until: nothing is missed or repeated.',
  })
  @ApiOkResponse({ type: ClassificationChangePageDto })
  async list(@Param() { force }: ForceParamDto, @Query() q: ListChangesRequestDto, @RequestAccessor() by: Accessor) {
    if (q.cursor === undefined && q.since === undefined) {
      throw new ValidationFailedError([{ field: 'since', reason: 'is required without a cursor' }]);
    }
    const from = q.cursor !== undefined ? { cursor: q.cursor } : { since: instantMicrosParam('since', q.since!) };
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const page = await this.queries.execute(new ListChangesQuery(force, from, limit));
    // polled often and mostly empty: an answer that names no record is not an access to log
    if (page.items.length > 0) {
      const records = page.items.map((i) => ({ force, referralRef: i.referralRef }));
      await this.accessLog.disclosed(by, 'CHANGES_LISTED', records, {
        force,
        since: page.since,
        until: page.until,
        cursor: q.cursor,
        limit,
      });
    }
    return page;
  }
}
