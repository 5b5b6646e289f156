import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageRequestDto } from '../common/page-request.dto';
import { IsAcceptedInstant, IsForceCode, IsRequiredText } from '../common/wire-values';
import { CHECK_IDS } from '../hocr/checks/finding';
import { HOCR_CODES } from '../hocr/codes';
import { WORKLIST_ACTIONS } from './compliance-worklist';

export class ListFindingsRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ example: 'E23000010', description: 'Default: every force the token covers' })
  @IsOptional()
  @IsForceCode()
  force?: string;

  @ApiPropertyOptional({ enum: CHECK_IDS })
  @IsOptional()
  @IsIn(CHECK_IDS)
  check?: string;

  @ApiPropertyOptional({ enum: ['error', 'warning'] })
  @IsOptional()
  @IsIn(['error', 'warning'])
  severity?: string;

  @ApiPropertyOptional({ enum: ['open', 'resolved', 'all'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'resolved', 'all'])
  status?: 'open' | 'resolved' | 'all';

  @ApiPropertyOptional({
    description: 'A past service time to answer as at (default now). An ISO 8601 date-time with an offset, years 1900–2999',
    example: '2025-04-01T00:00:00Z',
  })
  @IsOptional()
  @IsAcceptedInstant()
  asAt?: string;

  @ApiPropertyOptional({
    enum: ['json', 'csv', 'xlsx'],
    description: 'csv and xlsx export every matching finding (up to 100,000; after the cursor, if one is given), not a page',
  })
  @IsOptional()
  @IsIn(['json', 'csv', 'xlsx'])
  format?: 'json' | 'csv' | 'xlsx';
}

export class SummaryRequestDto {
  @ApiProperty({ example: 'E23000010' })
  @IsForceCode()
  force!: string;

  @ApiProperty({ example: '2024-25', description: "A financial year '2024-25', a quarter '2024-25-Q1' or a month '2024-04'" })
  @IsRequiredText(20)
  period!: string;
}

export class WorklistRequestDto extends PageRequestDto {
  @ApiProperty({ example: 'E23000010' })
  @IsForceCode()
  force!: string;
}

export class FindingDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: CHECK_IDS }) check!: string;
  @ApiProperty({ enum: ['error', 'warning'] }) severity!: string;
  @ApiProperty() force!: string;
  @ApiProperty() referralRef!: string;
  @ApiProperty({ enum: ['open', 'resolved'] }) status!: string;
  @ApiProperty({ description: 'When it became due (opened)' }) dueAt!: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt!: string | null;
  @ApiProperty({ type: String, isArray: true, description: 'Event ids' }) evidence!: string[];
  @ApiProperty() message!: string;
}

export class FindingPageDto {
  @ApiProperty({ description: 'The service time the page answers as at' }) asAt!: string;
  @ApiProperty({ type: FindingDto, isArray: true }) items!: FindingDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

class SummaryPeriodDto {
  @ApiProperty({ example: '2024-25' }) label!: string;
  @ApiProperty({ example: '2024-04-01', description: 'First day (Europe/London)' }) from!: string;
  @ApiProperty({ example: '2025-03-31', description: 'Last day (Europe/London)' }) to!: string;
}

class CheckSummaryDto {
  @ApiProperty({ enum: CHECK_IDS }) check!: string;
  @ApiProperty({ description: "Findings of the period's records open now" }) open!: number;
  @ApiProperty({ description: 'Findings resolved by now' }) resolved!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Share of the records without this finding (0–1); null with no records' })
  compliantShare!: number | null;
}

class RgToCrimeHoursDto {
  @ApiProperty({ nullable: true, type: Number }) median!: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90!: number | null;
  @ApiProperty({ description: 'Records with both times' }) records!: number;
}

class LinkRateDto {
  @ApiProperty({ description: 'Records whose rule requires a crime' }) mustBeCrimes!: number;
  @ApiProperty({ description: 'Of those, crimes recorded' }) recorded!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'recorded / mustBeCrimes; null when none must be' }) rate!: number | null;
}

export class ComplianceSummaryDto {
  @ApiProperty({ example: 'E23000010' }) force!: string;
  @ApiProperty({ type: SummaryPeriodDto }) period!: SummaryPeriodDto;
  @ApiProperty({ description: 'The service time the summary counts at (now)' }) asAt!: string;
  @ApiProperty({ description: 'Records received in the period, not cancelled' }) records!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Share of the records with no finding at all (0–1)' })
  compliantShare!: number | null;
  @ApiProperty({ type: CheckSummaryDto, isArray: true, description: 'Every check, in order' }) checks!: CheckSummaryDto[];
  @ApiProperty({ type: RgToCrimeHoursDto, description: "Hours from the positive RG's receipt to the crime being recorded" })
  rgToCrimeHours!: RgToCrimeHoursDto;
  @ApiProperty({ type: LinkRateDto }) referralToCrimeLinkRate!: LinkRateDto;
  @ApiProperty({
    type: 'object',
    description: 'Records by current code',
    properties: Object.fromEntries(HOCR_CODES.map((code) => [code, { type: 'integer' }])),
    required: [...HOCR_CODES],
  })
  recordsByCode!: Record<string, number>;
}

export class WorklistItemDto {
  @ApiProperty({ enum: [...new Set(Object.values(WORKLIST_ACTIONS).map((a) => a.action))] }) action!: string;
  @ApiProperty({ description: 'What to do, in words' }) what!: string;
  @ApiProperty({ enum: Object.keys(WORKLIST_ACTIONS) }) check!: string;
  @ApiProperty() referralRef!: string;
  @ApiProperty({ nullable: true, type: String, example: 'N200/05' }) code!: string | null;
  @ApiProperty({ nullable: true, type: String }) crimeReference!: string | null;
  @ApiProperty({ description: 'When it is (or was) due' }) dueAt!: string;
  @ApiProperty({ description: 'Due by now' }) overdue!: boolean;
  @ApiProperty({ type: String, isArray: true, description: 'Event ids' }) evidence!: string[];
}

export class WorklistPageDto {
  @ApiProperty({ example: 'E23000010' }) force!: string;
  @ApiProperty({ description: 'The service time the page answers as at' }) asAt!: string;
  @ApiProperty({ type: WorklistItemDto, isArray: true, description: 'Soonest due first' }) items!: WorklistItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
