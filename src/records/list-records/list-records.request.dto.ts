import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { PageRequestDto } from '../../common/page-request.dto';
import { IsAcceptedDate } from '../../common/wire-values';
import { HOCR_CODES, parseCode } from '../../hocr/codes';

export class ListRecordsRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ description: 'HOCR code; N200/1 and "Report of Modern Slavery: N200/01" are accepted', example: 'N200/01' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? (parseCode(value) ?? value) : value))
  @IsIn(HOCR_CODES, { message: `code must be one of ${HOCR_CODES.join(', ')}` })
  code?: string;

  @ApiPropertyOptional({ enum: ['OPEN', 'INCOMPLETE', 'CANCELLED'] })
  @IsOptional()
  @IsIn(['OPEN', 'INCOMPLETE', 'CANCELLED'])
  status?: string;

  @ApiPropertyOptional({ description: 'Referrals received on or after this Europe/London date', example: '2024-04-01' })
  @IsOptional()
  @IsAcceptedDate()
  recordedFrom?: string;

  @ApiPropertyOptional({ description: 'Referrals received on or before this Europe/London date', example: '2025-03-31' })
  @IsOptional()
  @IsAcceptedDate()
  recordedTo?: string;
}
