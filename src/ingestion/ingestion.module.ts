import { Module } from '@nestjs/common';
import { EventsController } from './http/events.controller';
import { IngestEventsHandler } from './ingest-events/ingest-events.handler';

@Module({ controllers: [EventsController], providers: [IngestEventsHandler] })
export class IngestionModule {}
