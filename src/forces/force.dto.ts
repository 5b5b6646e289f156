import { ApiProperty } from '@nestjs/swagger';

export class ForceDto {
  @ApiProperty({ example: 'E23000010', description: 'ONS police force area code, or BTP' })
  code!: string;

  @ApiProperty({ example: 'West Yorkshire Police' })
  name!: string;

  @ApiProperty({ example: 'England', enum: ['England', 'Wales', 'England and Wales'] })
  country!: string;
}
