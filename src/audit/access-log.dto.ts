import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageRequestDto } from '../common/page-request.dto';
import { IsAcceptedInstant, IsForceCode, IsRequiredText } from '../common/wire-values';
import { ACCESS_ACTIONS } from './access-entry';

export class ListAccessLogRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ example: 'E23000010', description: "Entries that disclosed this force's records" })
  @IsOptional()
  @IsForceCode()
  force?: string;

  @ApiPropertyOptional({ example: 'NRM-2024-000123', description: 'Entries that disclosed this record (needs force)' })
  @IsOptional()
  @IsRequiredText(64)
  referralRef?: string;

  @ApiPropertyOptional({ example: 'crime-bureau-e23000010', description: "The token's sub (or, on the CLI, the operator)" })
  @IsOptional()
  @IsRequiredText(200)
  actor?: string;

  @ApiPropertyOptional({ enum: ACCESS_ACTIONS })
  @IsOptional()
  @IsIn(ACCESS_ACTIONS)
  action?: string;

  @ApiPropertyOptional({
    description: "Entries at or after this instant (ISO 8601 with an offset); to poll, the last answer's until",
    example: '2026-11-01T00:00:00Z',
  })
  @IsOptional()
  @IsAcceptedInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Entries before this instant (ISO 8601 with an offset)', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsAcceptedInstant()
  to?: string;
}

export class AccessedRecordDto {
  @ApiProperty() force!: string;
  @ApiProperty() referralRef!: string;
}

export class AccessLogEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'When the answer was given (service time)' }) at!: string;
  @ApiProperty({ description: "The token's sub, or the operator's login name on the CLI" }) actor!: string;
  @ApiProperty({ enum: ['HTTP', 'BROKER', 'CLI'] }) channel!: string;
  @ApiProperty({ description: 'The request id (x-request-id), as in the service log' }) correlationId!: string;
  @ApiProperty({ enum: ACCESS_ACTIONS }) action!: string;
  @ApiProperty({ type: String, isArray: true }) forces!: string[];
  @ApiProperty({ description: 'How many records were disclosed' }) recordCount!: number;
  @ApiProperty({ type: AccessedRecordDto, isArray: true, description: 'Each record disclosed, once, in the order answered' })
  records!: AccessedRecordDto[];
  @ApiProperty({ type: Object, description: 'The filter the caller gave (asAt as answered)' }) query!: Record<string, unknown>;
}

export class AccessLogPageDto {
  @ApiProperty({
    description:
      'The answer holds every entry before this service time (the earlier of `to` and a settled now): every entry stamped ' +
      'before it had committed, and later entries are stamped at or after it. To poll, ask again with from = this value.',
    example: '2026-11-23T20:15:00.123456Z',
  })
  until!: string;
  @ApiProperty({ type: AccessLogEntryDto, isArray: true }) items!: AccessLogEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
