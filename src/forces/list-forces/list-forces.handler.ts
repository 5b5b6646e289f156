import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { ForceDto } from '../force.dto';
import { ListForcesQuery } from './list-forces.query';

@QueryHandler(ListForcesQuery)
export class ListForcesHandler implements IQueryHandler<ListForcesQuery, ForceDto[]> {
  constructor(private readonly dataSource: DataSource) {}

  execute(): Promise<ForceDto[]> {
    return this.dataSource.query('SELECT code, name, country FROM forces ORDER BY name');
  }
}
