import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Accessor } from '../../audit/access-entry';
import { RequestAccessor } from '../../audit/access-log';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { Principal } from '../../auth/principal';
import { batchAnswer, oneEventAnswer } from '../answers';
import { IngestEventsCommand } from '../ingest-events/ingest-events.command';
import { SingleEventIngest } from '../single-event/single-event-ingest';
import { BATCH_SCHEMA, EVENT_SCHEMA } from './event.schema';
import { BatchResultDto, EventResultDto } from './events.dto';
import { validateBatch, validateOne } from './validate-request';

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
@Roles('recorder')
export class EventsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly single: SingleEventIngest,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Send one event: 201 APPLIED, 200 DUPLICATE (a replay), 409 (same eventId, other content)' })
  @ApiBody({ schema: EVENT_SCHEMA })
  @ApiCreatedResponse({ type: EventResultDto, description: 'APPLIED: stored, and the record as it now is' })
  @ApiOkResponse({ type: EventResultDto, description: 'DUPLICATE: already received, nothing changed' })
  @ApiBadRequestResponse({ description: 'Malformed: details name each bad field' })
  @ApiConflictResponse({ description: 'The eventId was already received with different content' })
  async ingestOne(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestAccessor() by: Accessor,
  ) {
    const answer = oneEventAnswer(await this.single.ingest(validateOne(body, principal), by));
    reply.status(answer.status);
    return answer.body;
  }

  @Post('batch')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send 1 to 1,000 events in one transaction; any malformed event refuses the whole batch' })
  @ApiBody({ schema: BATCH_SCHEMA })
  @ApiOkResponse({ type: BatchResultDto })
  @ApiBadRequestResponse({ description: 'Malformed: details give the index and field of each problem; nothing written' })
  @ApiConflictResponse({ description: 'An eventId was already received with different content; nothing written' })
  async ingestBatch(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const events = validateBatch(body, principal);
    return batchAnswer(await this.commands.execute(new IngestEventsCommand(events, principal.sub, new Date()))).body;
  }
}
