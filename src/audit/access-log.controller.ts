import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { hasNationalScope, type Principal } from '../auth/principal';
import { ForbiddenError, ValidationFailedError } from '../common/app-error';
import { DEFAULT_PAGE_SIZE } from '../common/page-request.dto';
import { instantMicrosParam } from '../common/wire-values';
import type { AccessAction } from './access-entry';
import { AccessLogPageDto, ListAccessLogRequestDto } from './access-log.dto';
import { ListAccessLogQuery } from './list-access-log.query';

/** The access log (DPA 2018 s62), for the data protection officer and professional standards: admin tokens for every force only. */
@ApiTags('access log')
@ApiBearerAuth()
@Controller('v1/access-log')
@Roles()
export class AccessLogController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Who was shown which records, when, and what they asked for; newest first (admins with a token for every force)',
  })
  @ApiOkResponse({ type: AccessLogPageDto })
  list(@Query() q: ListAccessLogRequestDto, @CurrentPrincipal() p: Principal) {
    // an entry can name records of several forces (a national export): the log is read whole or not at all
    if (!hasNationalScope(p)) throw new ForbiddenError('FORCE_FORBIDDEN', 'The access log needs a token for every force (forces ["*"])');
    if (q.referralRef !== undefined && q.force === undefined) {
      throw new ValidationFailedError([{ field: 'referralRef', reason: 'needs force: a referral reference is unique within a force' }]);
    }
    const from = q.from === undefined ? undefined : instantMicrosParam('from', q.from);
    const to = q.to === undefined ? undefined : instantMicrosParam('to', q.to);
    // both are ISO UTC to the microsecond: their text orders as their instants
    if (from && to && from >= to) throw new ValidationFailedError([{ field: 'to', reason: 'must be later than from' }]);
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
