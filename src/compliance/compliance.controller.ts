import { DEFAULT_PAGE_SIZE } from '../common/page-request.dto';
import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccessLog, RequestAccessor } from '../audit/access-log';
import type { Accessor } from '../audit/access-entry';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { instantParam } from '../common/wire-values';
import type { Principal } from '../auth/principal';
import type { FindingView } from './compliance-sql';
import {
  ComplianceSummaryDto,
  FindingPageDto,
  ListFindingsRequestDto,
  SummaryRequestDto,
  WorklistPageDto,
  WorklistRequestDto,
} from './compliance.dto';
import { GetSummaryQuery, GetWorklistQuery, ListFindingsQuery } from './compliance.queries';
import { findingsCsv, findingsXlsx } from './findings-export';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EXPORT_CAP = 100_000;

@ApiTags('compliance')
@ApiBearerAuth()
@Controller('v1/compliance')
@Roles('auditor', 'spoc')
export class ComplianceController {
  constructor(
    private readonly queries: QueryBus,
    private readonly accessLog: AccessLog,
  ) {}

  @Get('findings')
  @ApiOperation({ summary: 'Findings of the SPEC §6 checks, as at a service time; also exported as CSV or XLSX' })
  @ApiProduces('application/json', 'text/csv', XLSX_TYPE)
  @ApiOkResponse({ type: FindingPageDto })
  async findings(
    @Query() q: ListFindingsRequestDto,
    @CurrentPrincipal() p: Principal,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestAccessor() by: Accessor,
  ) {
    const forces = q.force ? [q.force] : p.forces.includes('*') ? null : p.forces;
    const filter = {
      forces,
      check: q.check,
      severity: q.severity,
      status: q.status ?? 'open',
      asAt: q.asAt === undefined ? undefined : instantParam('asAt', q.asAt),
      limit: q.limit ?? DEFAULT_PAGE_SIZE,
    };
    const format = q.format ?? (accept?.includes('text/csv') ? 'csv' : accept?.includes(XLSX_TYPE) ? 'xlsx' : 'json');
    // the access log keeps the filter as given, with the service time it was answered as at
    const asked = { force: q.force, check: q.check, severity: q.severity, status: filter.status, cursor: q.cursor, limit: filter.limit };
    if (format === 'json') {
      const page = await this.queries.execute(new ListFindingsQuery(filter, q.cursor));
      await this.accessLog.disclosed(by, 'FINDINGS_LISTED', page.items, { ...asked, asAt: page.asAt });
      return page;
    }
    const items: FindingView[] = [];
    let cursor: string | undefined = q.cursor; // an export runs from the cursor given, checked like a page's
    let asAt = filter.asAt; // every page as at the first page's time: one consistent export
    do {
      const page = await this.queries.execute(new ListFindingsQuery({ ...filter, asAt, limit: 5000 }, cursor));
      asAt = new Date(page.asAt);
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && items.length < EXPORT_CAP);
    await this.accessLog.disclosed(by, 'FINDINGS_EXPORTED', items, { ...asked, limit: undefined, format, asAt });
    const name = `n200-findings-${q.force ?? 'all'}-${filter.status}`;
    if (format === 'csv') {
      reply.header('content-disposition', `attachment; filename="${name}.csv"`).type('text/csv; charset=utf-8');
      return findingsCsv(items);
    }
    reply.header('content-disposition', `attachment; filename="${name}.xlsx"`).type(XLSX_TYPE);
    return findingsXlsx(items);
  }

  @Get('summary')
  @ApiOperation({
    summary: "A force's compliance for a period: per check open/resolved/compliant share, RG-to-crime hours, link rate, records by code",
  })
  @ApiOkResponse({ type: ComplianceSummaryDto })
  summary(@Query() q: SummaryRequestDto) {
    return this.queries.execute(new GetSummaryQuery(q.force, q.period));
  }

  @Get('worklist')
  @ApiOperation({
    summary: 'What the crime bureau must do next, soonest due first: crimes to record, RG decisions to chase, locations to determine',
  })
  @ApiOkResponse({ type: WorklistPageDto })
  async worklist(@Query() q: WorklistRequestDto, @RequestAccessor() by: Accessor) {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const page = await this.queries.execute(new GetWorklistQuery(q.force, limit, q.cursor));
    const records = page.items.map((i) => ({ force: page.force, referralRef: i.referralRef }));
    await this.accessLog.disclosed(by, 'WORKLIST_READ', records, { force: q.force, cursor: q.cursor, limit, asAt: page.asAt });
    return page;
  }
}
