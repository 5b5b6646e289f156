import type { OpenAPIObject } from '@nestjs/swagger';
import { FORCES } from '../../hocr/forces';
import { COMPONENT_FLAGS, SUBMITTED_DATE_FIELDS } from './nrm-form.mapper';

type SchemaObject = Exclude<NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string], { $ref: string }>;

const flag: SchemaObject = { oneOf: [{ type: 'string', example: 'Yes' }, { type: 'boolean' }, { type: 'integer', enum: [0, 1] }] };

/** A realistic casework submission (invented people and places); only the mapped fields are kept. */
export const NRM_FORM_EXAMPLE = {
  force: 'E23000010',
  receivedAt: '2024-06-03T09:15:00+01:00',
  submission: {
    Type: '560734',
    ExternalId: 'c876b0db-6941-47e0-9399-21d073ffe3b1',
    NRMOrDuty: 'NRM',
    'Customer.Forename1': 'Ana',
    'Customer.Surname': 'Example',
    'Customer.DOB': '1998-02-14',
    'Customer.Nationality': 'Romanian',
    'Customer.Email': 'ana@example.org',
    'Customer.Address': '1 Example Street',
    'Customer.Postcode': 'LS1 1AA',
    AdultOrChild: 'Adult',
    AdultOrChildDuringExploitation: 'Adult',
    VictimAccount: 'Free text account of what happened (dropped before storage).',
    ExploitationLocationPresented: 'UK',
    City1: 'Leeds',
    ComponentForcedToWorkForNothing: 'Yes',
    ComponentWagesTaken: 'Yes',
    ReportedCase: 'Yes',
    PoliceForce: 'West Yorkshire Police',
    PoliceForceCRN: '13240123456',
    'Agent.Forename1': 'Sam',
    'Agent.Name': 'Responder',
    'Agent.Email': 'sam.responder@example.org',
    'Agent.Phone': '0113 496 0000',
    'Agent.Jobtitle': 'Support worker',
    'Agent.Organisation': 'The Salvation Army',
    DateSubmitted: '2024-06-02T16:40:00+01:00',
  },
};

export const NRM_FORM_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'A referral in the NRM digital referral form casework format, with the owning force. Only the fields listed under ' +
    '`submission` are read; every other field (names, addresses, contacts, dates of birth, nationality, VictimAccount ' +
    'and all other free text) is dropped before storage and never logged.',
  required: ['force', 'submission'],
  additionalProperties: false,
  properties: {
    force: { type: 'string', enum: FORCES.map((f) => f.code), description: 'The force that owns the record' },
    receivedAt: { type: 'string', format: 'date-time', description: 'When the force received it (default: when the service did)' },
    referralRef: { type: 'string', maxLength: 64, description: 'The NRM/DtN reference (default: submission.ExternalId)' },
    submission: {
      type: 'object',
      additionalProperties: true,
      required: ['NRMOrDuty', 'Agent.Organisation'],
      properties: {
        ExternalId: {
          type: 'string',
          description: 'The form id: default referralRef, and the idempotency key (event id nrm-form:<force>:<ExternalId>)',
        },
        NRMOrDuty: { type: 'string', example: 'NRM', description: 'NRM or DTN ("Duty to Notify"), any case' },
        AdultOrChild: {
          type: 'string',
          enum: ['Adult', 'Child', 'Unknown'],
          description: 'Missing: UNKNOWN; Unknown: UNKNOWN and age disputed',
        },
        AgeDisputed: { ...flag, description: 'Optional: Yes marks the age as disputed' },
        ExploitationLocationPresented: {
          type: 'string',
          enum: ['UK', 'OVERSEAS', 'BOTH'],
          description: 'Also "UK and overseas"; missing: UNKNOWN',
        },
        ...Object.fromEntries(Object.entries(COMPONENT_FLAGS).map(([k, v]) => [k, { ...flag, description: `Yes → ${v}` }])),
        ExploitationOther: { type: 'string', description: 'Non-empty → OTHER (the text itself is dropped)' },
        'Agent.Organisation': {
          type: 'string',
          maxLength: 200,
          description: "The first responder's organisation (a nested Agent.Organisation is accepted too)",
        },
        PoliceForceCRN: { type: 'string', maxLength: 64, description: 'Crime reference number, if any' },
        ...Object.fromEntries(
          SUBMITTED_DATE_FIELDS.map((k) => [
            k,
            { type: 'string', description: 'When the referral was submitted: the referral date (occurredAt)' },
          ]),
        ),
      },
    },
  },
  example: NRM_FORM_EXAMPLE,
};
