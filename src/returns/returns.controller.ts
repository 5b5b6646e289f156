import { DEFAULT_PAGE_SIZE } from '../common/page-request.dto';
import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Accessor } from '../audit/access-entry';
import { AccessLog, RequestAccessor } from '../audit/access-log';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { canSeeForce, hasNationalScope, type Principal } from '../auth/principal';
import { ForbiddenError, NotFoundError } from '../common/app-error';
import { instantParam } from '../common/wire-values';
import { GetReturnQuery } from './get-return/get-return.query';
import { GetRevisionsQuery } from './get-revisions/get-revisions.query';
import { GetSubmissionQuery } from './get-submission/get-submission.query';
import { ListSubmissionsQuery } from './list-submissions/list-submissions.query';
import { renderCsv, renderXlsx, returnFileName } from './return-renderers';
import {
  GetReturnRequestDto,
  ListSubmissionsRequestDto,
  ReturnDocumentDto,
  RevisionsDto,
  SubmissionDto,
  SubmissionPageDto,
  SubmissionParamsDto,
  SubmitReturnRequestDto,
} from './returns.dto';
import { SubmitReturnCommand } from './submit-return/submit-return.command';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FORMAT_BY_TYPE: ReadonlyMap<string, 'json' | 'csv' | 'xlsx'> = new Map([
  ['application/json', 'json'],
  ['text/csv', 'csv'],
  [XLSX_TYPE, 'xlsx'],
]);

/**
 * `format=` wins; else the Accept type of the highest q (RFC 9110 §12.5.1) among JSON, CSV and XLSX, the first
 * listed on a tie; q=0 refuses a type. Anything else (a wildcard, no Accept) is JSON.
 */
function formatFrom(format: string | undefined, accept: string | undefined): 'json' | 'csv' | 'xlsx' {
  if (format === 'json' || format === 'csv' || format === 'xlsx') return format;
  let best: { format: 'json' | 'csv' | 'xlsx'; q: number } | undefined;
  for (const range of (accept ?? '').split(',')) {
    const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const found = FORMAT_BY_TYPE.get(type);
    if (found === undefined) continue;
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (Number.isFinite(q) && q > 0 && (best === undefined || q > best.q)) best = { format: found, q };
  }
  return best?.format ?? 'json';
}

function assertScope(p: Principal, force: string): void {
  if (force === 'ALL' ? !hasNationalScope(p) : !canSeeForce(p, force)) {
    throw new ForbiddenError('FORCE_FORBIDDEN', `The token does not cover force ${force}`);
  }
}

@ApiTags('returns')
@ApiBearerAuth()
@Controller('v1/returns')
export class ReturnsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
    private readonly accessLog: AccessLog,
  ) {}

  @Get()
  @Roles('auditor', 'spoc')
  @ApiOperation({ summary: 'The statistical return for a force (or ALL) and period, as at a service time; JSON, CSV or XLSX' })
  @ApiProduces('application/json', 'text/csv', XLSX_TYPE)
  @ApiOkResponse({ type: ReturnDocumentDto })
  async get(
    @Query() q: GetReturnRequestDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const doc = await this.queries.execute(
      new GetReturnQuery(q.force, q.period, q.asAt === undefined ? undefined : instantParam('asAt', q.asAt)),
    );
    const format = formatFrom(q.format, accept);
    // the moment counted, in every format (a CSV has no place for it): asking again asAt it gives the same bytes
    reply.header('x-as-at', doc.asAt);
    reply.header('vary', 'accept');
    if (format === 'json') return doc;
    reply.header('content-disposition', `attachment; filename="${returnFileName(doc, format)}"`);
    if (format === 'csv') {
      reply.type('text/csv; charset=utf-8');
      return renderCsv(doc);
    }
    reply.type(XLSX_TYPE);
    return renderXlsx(doc);
  }

  @Post('submissions')
  @Roles('auditor')
  @ApiOperation({ summary: 'Submit (freeze) the return as at now: stored whole with a content hash, never changed' })
  @ApiCreatedResponse({ type: SubmissionDto })
  submit(@Body() body: SubmitReturnRequestDto, @CurrentPrincipal() p: Principal) {
    assertScope(p, body.force);
    return this.commands.execute(new SubmitReturnCommand(body.force, body.period, p.sub));
  }

  @Get('submissions')
  @Roles('auditor', 'spoc')
  @ApiOperation({ summary: 'Submitted returns the caller may see, newest first' })
  @ApiOkResponse({ type: SubmissionPageDto })
  list(@Query() q: ListSubmissionsRequestDto, @CurrentPrincipal() p: Principal) {
    return this.queries.execute(new ListSubmissionsQuery(p.forces, q.force, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor));
  }

  @Get('submissions/:id')
  @Roles('auditor', 'spoc')
  @ApiOperation({ summary: 'One submitted return, whole' })
  @ApiOkResponse({ type: SubmissionDto })
  async getOne(@Param() { id }: SubmissionParamsDto, @CurrentPrincipal() p: Principal) {
    const s = await this.queries.execute(new GetSubmissionQuery(id));
    this.visible(p, s.force, id);
    return s;
  }

  @Get('submissions/:id/revisions')
  @Roles('auditor', 'spoc')
  @ApiOperation({
    summary:
      'Per code and per row (force, quarter, code): submitted, now, difference; and the records that moved code or quarter since the submission, with the events of each',
  })
  @ApiOkResponse({ type: RevisionsDto })
  async revisions(@Param() { id }: SubmissionParamsDto, @CurrentPrincipal() p: Principal, @RequestAccessor() by: Accessor) {
    const s = await this.queries.execute(new GetSubmissionQuery(id));
    this.visible(p, s.force, id);
    const revisions = await this.queries.execute(new GetRevisionsQuery(id));
    // the records that moved are named, with their events: an access log row (docs/decisions.md, "The access log")
    await this.accessLog.disclosed(by, 'REVISIONS_READ', revisions.movedRecords, { submissionId: id, asAt: revisions.asAt });
    return revisions;
  }

  /** Another force's submission is answered as absent: its existence is not disclosed. */
  private visible(p: Principal, force: string, id: string): void {
    if (force === 'ALL' ? !hasNationalScope(p) : !canSeeForce(p, force)) throw new NotFoundError(`No submitted return ${id}`);
  }
}
