import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageRequestDto } from '../common/page-request.dto';
import { IsAcceptedInstant, IsForceCode, IsRequiredText } from '../common/wire-values';
import { CHECK_IDS } from '../hocr/checks/finding';

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
