import { Query } from '@nestjs/cqrs';
import type { ForceDto } from '../force.dto';

export class ListForcesQuery extends Query<ForceDto[]> {}
