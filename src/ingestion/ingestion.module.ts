import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { StatisticsKeeper } from '../records/statistics-keeper';
import { BrokerConsumer } from './broker/broker-consumer';
import { EventsController } from './http/events.controller';
import { IngestEventsHandler } from './ingest-events/ingest-events.handler';
import { NrmFormController } from './nrm-form/nrm-form.controller';
import { SingleEventIngest } from './single-event/single-event-ingest';

@Module({
  imports: [AuthModule],
  controllers: [EventsController, NrmFormController],
  providers: [StatisticsKeeper, IngestEventsHandler, SingleEventIngest, BrokerConsumer],
})
export class IngestionModule {}
