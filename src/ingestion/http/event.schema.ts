import type { OpenAPIObject } from '@nestjs/swagger';

type SchemaObject = Exclude<NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string], { $ref: string }>;
import {
  AGE_GROUPS,
  CANCELLATION_REASONS,
  CRIMINALITY_LOCATIONS,
  DECISION_MAKERS,
  DECISION_OUTCOMES,
  EVENT_TYPES,
  EXPLOITATION_LOCATIONS,
  EXPLOITATION_TYPES,
  FIRST_RESPONDER_TYPES,
  OFFENCES,
  REFERRAL_SOURCES,
  REFERRAL_TYPES,
} from '../../hocr/event-types';
import { FORCES } from '../../hocr/forces';

/**
 * The OpenAPI description of the wire contract v1 (SPEC §4), built from the domain's enums so the two
 * cannot drift. Validation itself is the domain's `validateEvent` (fast, reports every field).
 */
const forceCodes = FORCES.map((f) => f.code);
const str = (description: string, extra: SchemaObject = {}): SchemaObject => ({ type: 'string', description, ...extra });
const decision = {
  outcome: { type: 'string', enum: [...DECISION_OUTCOMES] },
  decisionMaker: { type: 'string', enum: [...DECISION_MAKERS] },
  reconsideration: { type: 'boolean', default: false },
};

export const EVENT_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'An NRM/DtN event (wire contract v1). Fields beyond the contract are dropped before storage.',
  required: ['eventId', 'type', 'force', 'referralRef', 'occurredAt'],
  properties: {
    eventId: str('Unique per sender: the idempotency key', { minLength: 1, maxLength: 128 }),
    type: { type: 'string', enum: [...EVENT_TYPES] },
    force: str('The force that owns the record', { enum: forceCodes }),
    referralRef: str('The NRM/DtN reference', { minLength: 1, maxLength: 64 }),
    occurredAt: str('ISO 8601 date (a Europe/London date) or date-time with offset', { example: '2024-06-03' }),
    receivedAt: str('When the force received it (default: when the service did)', { format: 'date-time' }),
    recordedAt: str('REFERRAL_RECEIVED only: when the force first recorded it', { format: 'date-time' }),
    referralType: { type: 'string', enum: [...REFERRAL_TYPES], description: 'REFERRAL_RECEIVED' },
    source: { type: 'string', enum: [...REFERRAL_SOURCES], description: 'REFERRAL_RECEIVED' },
    firstResponder: {
      type: 'object',
      required: ['type', 'organisation'],
      properties: { type: { type: 'string', enum: [...FIRST_RESPONDER_TYPES] }, organisation: { type: 'string', maxLength: 200 } },
    },
    victim: {
      type: 'object',
      required: ['ageGroup', 'ageDisputed'],
      properties: {
        ageGroup: { type: 'string', enum: [...AGE_GROUPS] },
        ageDisputed: { type: 'boolean' },
        consentToNrm: { type: 'boolean' },
      },
    },
    exploitationTypes: { type: 'array', items: { type: 'string', enum: [...EXPLOITATION_TYPES] }, minItems: 1 },
    exploitationLocation: { type: 'string', enum: [...EXPLOITATION_LOCATIONS] },
    criminalityLocation: { type: 'string', enum: [...CRIMINALITY_LOCATIONS] },
    crimeReference: str('The force crime reference number (CRIME_RECORDED; optional on REFERRAL_RECEIVED)', { maxLength: 64 }),
    ...decision,
    toForce: str('TRANSFERRED: another England and Wales force', { enum: forceCodes }),
    offence: { type: 'string', enum: [...OFFENCES], description: 'CRIME_RECORDED' },
    reason: { type: 'string', enum: [...CANCELLATION_REASONS], description: 'RECORD_CANCELLED' },
    authorisedBy: str('RECORD_CANCELLED: the Force Crime Registrar who authorised it', { maxLength: 128 }),
  },
  example: {
    eventId: 'wyp-000123-1',
    type: 'REFERRAL_RECEIVED',
    force: 'E23000010',
    referralRef: 'NRM-2024-000123',
    occurredAt: '2024-06-03',
    referralType: 'NRM',
    source: 'COMPETENT_AUTHORITY',
    firstResponder: { type: 'NGO', organisation: 'Salvation Army' },
    victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true },
    exploitationTypes: ['LABOUR'],
    exploitationLocation: 'UK',
  },
};

export const BATCH_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['events'],
  properties: { events: { type: 'array', items: EVENT_SCHEMA, minItems: 1, maxItems: 1000 } },
};
