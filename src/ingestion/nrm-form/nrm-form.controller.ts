import { Body, Controller, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Accessor } from '../../audit/access-entry';
import { RequestAccessor } from '../../audit/access-log';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { canSeeForce, type Principal } from '../../auth/principal';
import { ForbiddenError, ValidationFailedError } from '../../common/app-error';
import { validateEvent } from '../../hocr/validate-event';
import { oneEventAnswer } from '../answers';
import { EventResultDto } from '../http/events.dto';
import { SingleEventIngest } from '../single-event/single-event-ingest';
import { mapNrmFormSubmission } from './nrm-form.mapper';
import { NRM_FORM_SCHEMA } from './nrm-form.schema';

const INVALID = 'The NRM form submission is not valid; nothing was written';

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/nrm-form-submissions')
@Roles('recorder')
export class NrmFormController {
  constructor(private readonly single: SingleEventIngest) {}

  @Post()
  @ApiOperation({
    summary: 'Send a referral in the NRM digital referral form casework format: mapped to REFERRAL_RECEIVED, personal data dropped',
    description:
      'Re-sending the same submission for the same force is a DUPLICATE (event id nrm-form:<force>:<ExternalId>); ' +
      'the same ExternalId with different mapped content is a 409.',
  })
  @ApiBody({ schema: NRM_FORM_SCHEMA })
  @ApiCreatedResponse({ type: EventResultDto, description: 'APPLIED: the referral was recorded' })
  @ApiOkResponse({ type: EventResultDto, description: 'DUPLICATE: already received, nothing changed' })
  @ApiBadRequestResponse({ description: 'Malformed: details name each bad field (force, receivedAt, submission.NRMOrDuty, ...)' })
  @ApiForbiddenResponse({ description: 'FORCE_FORBIDDEN: the token does not cover the force' })
  @ApiConflictResponse({ description: 'The submission was already received with different content' })
  async submit(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RequestAccessor() by: Accessor,
  ) {
    const mapped = mapNrmFormSubmission(body, new Date());
    if (!mapped.ok)
      throw new ValidationFailedError(
        mapped.errors.map((e) => ({ field: e.field, reason: e.reason })),
        INVALID,
      );

    // The wire contract's own checks (lengths, dates); their fields are reported as the request's.
    const v = validateEvent(mapped.event);
    if (!v.ok) {
      // one reason per request field: two event fields can come from one (ExternalId names the event and the referral)
      const details = v.errors.map((e) => ({ field: mapped.sources[e.field] ?? 'submission', reason: e.reason }));
      throw new ValidationFailedError(
        details.filter((d, i) => details.findIndex((o) => o.field === d.field) === i),
        INVALID,
      );
    }
    const event = v.event;
    if (!canSeeForce(principal, event.force)) {
      throw new ForbiddenError('FORCE_FORBIDDEN', `The token does not cover force ${event.force}; nothing was written`);
    }

    const answer = oneEventAnswer(await this.single.ingest(event, by));
    reply.status(answer.status);
    return answer.body;
  }
}
