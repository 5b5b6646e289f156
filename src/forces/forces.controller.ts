import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ForceDto } from './force.dto';
import { ListForcesQuery } from './list-forces/list-forces.query';

@ApiTags('reference data')
@ApiBearerAuth()
@Controller('v1/forces')
export class ForcesController {
  constructor(private readonly queries: QueryBus) {}

  /** The 43 territorial forces of England and Wales and British Transport Police. */
  @Get()
  @Roles('recorder', 'auditor', 'spoc')
  @ApiOkResponse({ type: ForceDto, isArray: true })
  list(): Promise<ForceDto[]> {
    return this.queries.execute(new ListForcesQuery());
  }
}
