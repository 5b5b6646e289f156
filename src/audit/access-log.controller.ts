import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ValidationFailedError } from '../common/app-error';
import { DEFAULT_PAGE_SIZE } from '../common/page-request.dto';
import { instantParam } from '../common/wire-values';
import type { AccessAction } from './access-entry';
import { AccessLogPageDto, ListAccessLogRequestDto } from './access-log.dto';
import { ListAccessLogQuery } from './list-access-log.query';

/** The access log (DPA 2018 s62), for the data protection officer and professional standards: admin tokens only. */
@ApiTags('access log')
@ApiBearerAuth()
@Controller('v1/access-log')
@Roles()
export class AccessLogController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Who was shown which records, when, and what they asked for; newest first (admin only)' })
  @ApiOkResponse({ type: AccessLogPageDto })
  list(@Query() q: ListAccessLogRequestDto) {
    if (q.referralRef !== undefined && q.force === undefined) {
      throw new ValidationFailedError([{ field: 'referralRef', reason: 'needs force: a referral reference is unique within a force' }]);
    }
    const from = q.from === undefined ? undefined : instantParam('from', q.from);
    const to = q.to === undefined ? undefined : instantParam('to', q.to);
    if (from && to && from.getTime() >= to.getTime()) throw new ValidationFailedError([{ field: 'to', reason: 'must be later than from' }]);
    return this.queries.execute(
      new ListAccessLogQuery({
        force: q.force,
        referralRef: q.referralRef,
        actor: q.actor,
        action: q.action as AccessAction | undefined,
        from,
        to,
        cursor: q.cursor,
        limit: q.limit ?? DEFAULT_PAGE_SIZE,
      }),
    );
  }
}
