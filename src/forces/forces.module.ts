import { Module } from '@nestjs/common';
import { ForcesController } from './forces.controller';
import { ListForcesHandler } from './list-forces/list-forces.handler';

@Module({ controllers: [ForcesController], providers: [ListForcesHandler] })
export class ForcesModule {}
