import { Module } from '@nestjs/common';
import { StatisticsKeeper } from '../records/statistics-keeper';
import { EventsController } from './http/events.controller';
import { IngestEventsHandler } from './ingest-events/ingest-events.handler';
import { NrmFormController } from './nrm-form/nrm-form.controller';
import { SingleEventIngest } from './single-event/single-event-ingest';

@Module({ controllers: [EventsController, NrmFormController], providers: [StatisticsKeeper, IngestEventsHandler, SingleEventIngest] })
export class IngestionModule {}
