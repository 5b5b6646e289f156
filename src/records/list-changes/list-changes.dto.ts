import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageRequestDto } from '../../common/page-request.dto';
import { IsAcceptedInstant } from '../../common/wire-values';
import { HOCR_CODES } from '../../hocr/codes';

export class ListChangesRequestDto extends PageRequestDto {
  @ApiPropertyOptional({
    description:
      'Service time after which to list changes (an ISO 8601 date-time with an offset, to the microsecond): the `until` of ' +
      'the last window read, or a first start. Needed unless a cursor is given (a cursor keeps its window).',
    example: '2026-11-23T09:00:00.000000Z',
  })
  @IsOptional()
  @IsAcceptedInstant()
  since?: string;
}

class ClassificationThenDto {
  @ApiProperty({ enum: ['OPEN', 'INCOMPLETE', 'CANCELLED'] }) status!: string;
  @ApiProperty({ enum: HOCR_CODES, nullable: true }) code!: string | null;
}

class ClassificationNowDto extends ClassificationThenDto {
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ example: 'RG_POSITIVE_EW' }) rule!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'eventId of the event that caused it' }) causedBy!: string;
  @ApiProperty({ description: 'World time it became true' }) validFrom!: string;
}

export class ClassificationChangeDto {
  @ApiProperty() referralRef!: string;
  @ApiProperty({
    type: ClassificationThenDto,
    nullable: true,
    description: 'As at `since`; null when the service did not hold the record then',
  })
  from!: ClassificationThenDto | null;
  @ApiProperty({ type: ClassificationNowDto, description: 'As at `until`' }) to!: ClassificationNowDto;
  @ApiProperty({ description: 'Service time the change was written (the latest in the window)' }) learnedAt!: string;
}

export class ClassificationChangePageDto {
  @ApiProperty({ example: 'E23000010' }) force!: string;
  @ApiProperty({ description: 'The window starts after this service time' }) since!: string;
  @ApiProperty({ description: 'and ends at this one (settled: nothing stamped before it is still to commit)' }) until!: string;
  @ApiProperty({ type: ClassificationChangeDto, isArray: true, description: 'In record order' }) items!: ClassificationChangeDto[];
  @ApiProperty({ nullable: true, type: String, description: 'More of the same window; when null, ask next with since = until' })
  nextCursor!: string | null;
}
