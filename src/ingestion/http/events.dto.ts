import { ApiProperty } from '@nestjs/swagger';
import { RecordViewDto } from '../../records/records.dto';

export class EventResultDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ enum: ['APPLIED', 'DUPLICATE'] }) status!: string;
  @ApiProperty({ type: RecordViewDto }) record!: RecordViewDto;
}

export class BatchItemResultDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ enum: ['APPLIED', 'DUPLICATE'] }) status!: string;
}

export class BatchResultDto {
  @ApiProperty({ type: BatchItemResultDto, isArray: true }) results!: BatchItemResultDto[];
}
