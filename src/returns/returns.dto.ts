import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageRequestDto } from '../common/page-request.dto';
import { IsAcceptedInstant, IsForceCode, IsRequiredText, UUID_PATTERN } from '../common/wire-values';
import { IsIn, IsOptional, Matches } from 'class-validator';

const FORCE_OR_ALL = /^(?:[EW]\d{8}|BTP|ALL)$/;

export class GetReturnRequestDto {
  @ApiProperty({ example: 'E23000010', description: 'A force code, or ALL (needs a token for every force)' })
  @Matches(FORCE_OR_ALL, { message: 'force must be a force code such as E23000010, or ALL' })
  force!: string;

  @ApiProperty({ example: '2024-25', description: "A financial year '2024-25', a quarter '2024-25-Q1' or a month '2024-04'" })
  @IsRequiredText(20)
  period!: string;

  @ApiPropertyOptional({
    description:
      'A past service time to answer as at (default now): exactly what the service would have answered then. An ISO 8601 date-time with an offset, years 1900–2999',
    example: '2025-04-01T00:00:00Z',
  })
  @IsOptional()
  @IsAcceptedInstant()
  asAt?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv', 'xlsx'], description: 'Default from the Accept header, else json' })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}

export class SubmitReturnRequestDto {
  @ApiProperty({ example: 'E23000010' })
  @Matches(FORCE_OR_ALL, { message: 'force must be a force code such as E23000010, or ALL' })
  force!: string;

  @ApiProperty({ example: '2024-25' })
  @IsRequiredText(20)
  period!: string;
}

export class ListSubmissionsRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ example: 'E23000010' })
  @IsOptional()
  @IsForceCode({ all: true })
  force?: string;
}

export class SubmissionParamsDto {
  @ApiProperty({ format: 'uuid' })
  @Matches(UUID_PATTERN, { message: 'id must be a submission id (a UUID, 8-4-4-4-12 hex digits)' })
  id!: string;
}

export class ReturnRowDto {
  @ApiProperty({ example: '2024/25' }) financialYear!: string;
  @ApiProperty({ example: 1 }) financialQuarter!: number;
  @ApiProperty() forceCode!: string;
  @ApiProperty() forceName!: string;
  @ApiProperty() offenceDescription!: string;
  @ApiProperty() offenceGroup!: string;
  @ApiProperty() offenceSubgroup!: string;
  @ApiProperty({ example: 'N200/01' }) offenceCode!: string;
  @ApiProperty() numberOfOffences!: number;
}

export class ReturnTotalsDto {
  @ApiProperty({ description: 'N200/01–06: reported incidents, never added to crimes' }) reportedIncidents!: number;
  @ApiProperty({ description: 'Class 106: notifiable crimes' }) notifiableCrimes!: number;
}

export class ReturnDocumentDto {
  @ApiProperty() force!: string;
  @ApiProperty({
    type: 'object',
    properties: { label: { type: 'string' }, kind: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  })
  period!: { label: string; kind: string; from: string; to: string };
  @ApiProperty() asAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { 'N200/01': 3, '106': 2 } }) byCode!: Record<
    string,
    number
  >;
  @ApiProperty({ type: ReturnTotalsDto }) totals!: ReturnTotalsDto;
  @ApiProperty({ type: ReturnRowDto, isArray: true }) rows!: ReturnRowDto[];
}

export class SubmissionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() force!: string;
  @ApiProperty() period!: string;
  @ApiProperty({
    enum: ['FINANCIAL_YEAR', 'FINANCIAL_QUARTER', 'MONTH'],
    description: "What `period` names: '2011-12' is FY 2011-12 or December 2011",
  })
  periodKind!: string;
  @ApiProperty() asAt!: string;
  @ApiProperty({ description: 'SHA-256 of the canonical JSON of the frozen return' }) contentHash!: string;
  @ApiProperty() submittedBy!: string;
  @ApiProperty() submittedAt!: string;
  @ApiPropertyOptional({ type: ReturnDocumentDto }) return?: ReturnDocumentDto;
}

export class SubmissionPageDto {
  @ApiProperty({ type: SubmissionDto, isArray: true }) items!: SubmissionDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

class SubmittedAndNowDto {
  @ApiProperty() submitted!: number;
  @ApiProperty() now!: number;
}

/** A count as submitted and as now, and how far it moved. */
class CountRevisionDto extends SubmittedAndNowDto {
  @ApiProperty({ description: 'now − submitted' }) difference!: number;
}

class CodeRevisionDto extends CountRevisionDto {
  @ApiProperty({ example: 'N200/02' }) code!: string;
}

class TotalsRevisionDto {
  @ApiProperty({ type: SubmittedAndNowDto }) reportedIncidents!: SubmittedAndNowDto;
  @ApiProperty({ type: SubmittedAndNowDto }) notifiableCrimes!: SubmittedAndNowDto;
}

class RowRevisionDto extends CountRevisionDto {
  @ApiProperty() forceCode!: string;
  @ApiProperty({ example: '2024/25' }) financialYear!: string;
  @ApiProperty({ example: 1 }) financialQuarter!: number;
  @ApiProperty({ example: 'N200/01' }) offenceCode!: string;
}

class RevisionEventDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ description: 'As sent' }) occurredAt!: string;
  @ApiProperty({ description: 'When the service stored it' }) storedAt!: string;
}

class MovedRecordDto {
  @ApiProperty() force!: string;
  @ApiProperty() referralRef!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Code counted in the submission; null: not counted then' }) from!:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Code counted now; null: not counted now' }) to!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2024/25 Q1' }) fromQuarter!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2024/25 Q2' }) toQuarter!: string | null;
  @ApiProperty({ type: RevisionEventDto, isArray: true, description: 'Its events stored since the submission' })
  events!: RevisionEventDto[];
}

export class RevisionsDto {
  @ApiProperty({ type: SubmissionDto, description: 'The submission (without its return)' }) submission!: SubmissionDto;
  @ApiProperty({ description: 'The service time "now" is counted at' }) asAt!: string;
  @ApiProperty({ type: CodeRevisionDto, isArray: true }) codes!: CodeRevisionDto[];
  @ApiProperty({ type: TotalsRevisionDto }) totals!: TotalsRevisionDto;
  @ApiProperty({ type: RowRevisionDto, isArray: true, description: 'Rows whose count changed' }) rows!: RowRevisionDto[];
  @ApiProperty({ type: MovedRecordDto, isArray: true, description: 'Records counted under another code or in another quarter' })
  movedRecords!: MovedRecordDto[];
}
