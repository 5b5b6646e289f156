import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE } from '../common/page-request.dto';
import { AccessLog, RequestAccessor } from '../audit/access-log';
import type { Accessor } from '../audit/access-entry';
import { Roles } from '../auth/auth.decorators';
import { GetRecordQuery } from './get-record/get-record.query';
import { ListRecordsQuery } from './list-records/list-records.query';
import { ListRecordsRequestDto } from './list-records/list-records.request.dto';
import { ForceParamDto, RecordPageDto, RecordParamsDto, RecordViewDto } from './records.dto';

@ApiTags('records')
@ApiBearerAuth()
@Controller('v1/forces/:force/records')
@Roles('recorder', 'auditor', 'spoc')
export class RecordsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly accessLog: AccessLog,
  ) {}

  @Get()
  @ApiOperation({ summary: "A page of the force's records, oldest first; follow nextCursor for more" })
  @ApiOkResponse({ type: RecordPageDto })
  async list(@Param() { force }: ForceParamDto, @Query() q: ListRecordsRequestDto, @RequestAccessor() by: Accessor) {
    const filter = { force, ...q, limit: q.limit ?? DEFAULT_PAGE_SIZE };
    const page = await this.queries.execute(new ListRecordsQuery(filter));
    await this.accessLog.disclosed(by, 'RECORDS_LISTED', page.items, filter);
    return page;
  }

  @Get(':referralRef')
  @ApiOperation({ summary: 'One record: classification, facts and classification history' })
  @ApiOkResponse({ type: RecordViewDto })
  async get(@Param() { force, referralRef }: RecordParamsDto, @RequestAccessor() by: Accessor) {
    const record = await this.queries.execute(new GetRecordQuery(force, referralRef));
    await this.accessLog.disclosed(by, 'RECORD_READ', [record], { force, referralRef });
    return record;
  }
}
