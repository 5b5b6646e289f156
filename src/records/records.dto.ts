import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsForceCode, IsWellFormedText } from '../common/wire-values';
import { HOCR_CODES } from '../hocr/codes';

export class ForceParamDto {
  @ApiProperty({ example: 'E23000010' })
  @IsForceCode()
  force!: string;
}

export class RecordParamsDto extends ForceParamDto {
  @ApiProperty({ example: 'NRM-2024-000123' })
  @IsString()
  @Length(1, 64)
  @IsWellFormedText()
  referralRef!: string;
}

export class ClassificationDto {
  @ApiProperty({ enum: HOCR_CODES, nullable: true }) code!: string | null;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ example: 'RG_POSITIVE_EW' }) rule!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() crimeRequired!: boolean;
  @ApiProperty({ description: 'When this classification became true in the world' }) since!: string;
  @ApiPropertyOptional() ruleSetVersion?: string;
}

export class RecordSummaryDto {
  @ApiProperty() force!: string;
  @ApiProperty() referralRef!: string;
  @ApiProperty({ enum: ['OPEN', 'INCOMPLETE', 'CANCELLED'] }) status!: string;
  @ApiProperty({ enum: ['NRM', 'DTN'], nullable: true }) referralType!: string | null;
  @ApiProperty({ type: ClassificationDto }) classification!: ClassificationDto;
  @ApiProperty({ nullable: true, type: String }) crimeReference!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Europe/London date the force first received the referral (its own referral, or a transfer to it): returns and the summary count the record in the period of this date',
  })
  receivedDate!: string | null;
  @ApiProperty() updatedAt!: string;
  @ApiProperty() version!: number;
}

export class HistoryEntryDto {
  @ApiProperty() status!: string;
  @ApiProperty({ enum: HOCR_CODES, nullable: true }) code!: string | null;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty() rule!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() ruleSetVersion!: string;
  @ApiProperty({ description: 'eventId of the event that caused it' }) causedBy!: string;
  @ApiProperty({ description: 'World time it became true' }) validFrom!: string;
  @ApiProperty({ nullable: true, type: String }) validTo!: string | null;
  @ApiProperty({
    description:
      'Service time it was learned: the write that put this entry in the history (or, if it left and came back, brought it back), kept while later writes keep it (the same but for validTo)',
  })
  knownSince!: string;
}

export class RecordViewDto extends RecordSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The facts the checks and returns use (no personal data)' })
  facts!: Record<string, unknown>;

  @ApiProperty({ type: HistoryEntryDto, isArray: true })
  history!: HistoryEntryDto[];
}

export class RecordPageDto {
  @ApiProperty({ type: RecordSummaryDto, isArray: true }) items!: RecordSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
