import { canonicalJson } from './canonical-json';
import { occurredInstant } from './event-types';
import { NOT_UNICODE, OUT_OF_YEARS, validateEvent, type FieldError } from './validate-event';

const envelope = {
  eventId: 'evt-1',
  force: 'E23000010',
  referralRef: 'NRM-2024-000123',
  occurredAt: '2024-06-01',
};

const referral = {
  ...envelope,
  type: 'REFERRAL_RECEIVED',
  referralType: 'NRM',
  source: 'COMPETENT_AUTHORITY',
  firstResponder: { type: 'LOCAL_AUTHORITY', organisation: 'Leeds City Council' },
  victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true },
  exploitationTypes: ['LABOUR'],
  exploitationLocation: 'UK',
};

const valid: Record<string, Record<string, unknown>> = {
  REFERRAL_RECEIVED: referral,
  RG_DECISION: { ...envelope, type: 'RG_DECISION', outcome: 'POSITIVE', decisionMaker: 'SCA' },
  CG_DECISION: { ...envelope, type: 'CG_DECISION', outcome: 'NEGATIVE', decisionMaker: 'IECA', reconsideration: true },
  CRIMINALITY_LOCATION_DETERMINED: { ...envelope, type: 'CRIMINALITY_LOCATION_DETERMINED', criminalityLocation: 'UNKNOWN' },
  TRANSFERRED: { ...envelope, type: 'TRANSFERRED', toForce: 'E23000001' },
  CRIME_RECORDED: { ...envelope, type: 'CRIME_RECORDED', crimeReference: '13/123456/24', offence: 'FORCED_LABOUR' },
  RECORD_CANCELLED: { ...envelope, type: 'RECORD_CANCELLED', reason: 'DUPLICATE', authorisedBy: 'FCR West Yorkshire' },
};

function errorsOf(input: unknown): FieldError[] {
  const result = validateEvent(input);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.event)}`);
  return result.errors;
}

function eventOf(input: unknown): Record<string, unknown> {
  const result = validateEvent(input);
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.event as unknown as Record<string, unknown>;
}

describe('validateEvent: well-formed events (SPEC §4)', () => {
  it.each(Object.keys(valid))('accepts a minimal %s', (type) => {
    expect(eventOf(valid[type]).type).toBe(type);
  });

  it('normalises a referral to exactly the contract fields in a stable order', () => {
    const event = eventOf({ ...referral, receivedAt: '2024-06-01T09:00:00+01:00', recordedAt: '2024-06-01T10:00:00Z' });
    expect(JSON.stringify(event)).toBe(
      JSON.stringify({
        eventId: 'evt-1',
        type: 'REFERRAL_RECEIVED',
        force: 'E23000010',
        referralRef: 'NRM-2024-000123',
        occurredAt: '2024-06-01',
        receivedAt: '2024-06-01T09:00:00+01:00',
        referralType: 'NRM',
        source: 'COMPETENT_AUTHORITY',
        firstResponder: { type: 'LOCAL_AUTHORITY', organisation: 'Leeds City Council' },
        victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true },
        exploitationTypes: ['LABOUR'],
        exploitationLocation: 'UK',
        criminalityLocation: 'ENGLAND_AND_WALES',
        recordedAt: '2024-06-01T10:00:00Z',
      }),
    );
  });

  it('drops personal data and unknown fields at every level', () => {
    const event = eventOf({
      ...referral,
      victimAccount: 'free text',
      victim: { ...referral.victim, name: 'A Person', dateOfBirth: '2001-01-01' },
      firstResponder: { ...referral.firstResponder, email: 'x@example.org' },
    });
    const json = JSON.stringify(event);
    expect(json).not.toMatch(/A Person|2001-01-01|free text|example\.org|victimAccount|name|dateOfBirth|email/);
  });

  it('drops fields that belong to other event types', () => {
    const event = eventOf({ ...valid.RG_DECISION, toForce: 'E23000001', crimeReference: 'X' });
    expect(Object.keys(event)).toEqual([
      'eventId',
      'type',
      'force',
      'referralRef',
      'occurredAt',
      'outcome',
      'decisionMaker',
      'reconsideration',
    ]);
  });

  it.each([
    ['OVERSEAS', 'OUTSIDE_ENGLAND_AND_WALES'],
    ['UK', 'ENGLAND_AND_WALES'],
    ['BOTH', 'ENGLAND_AND_WALES'],
    ['UNKNOWN', 'UNKNOWN'],
  ])('defaults criminalityLocation for exploitationLocation %s to %s', (exploitationLocation, expected) => {
    expect(eventOf({ ...referral, exploitationLocation }).criminalityLocation).toBe(expected);
  });

  it('keeps a given criminalityLocation over the default', () => {
    expect(eventOf({ ...referral, exploitationLocation: 'OVERSEAS', criminalityLocation: 'ENGLAND_AND_WALES' }).criminalityLocation).toBe(
      'ENGLAND_AND_WALES',
    );
  });

  it.each([
    [{}, false],
    [{ reconsideration: null }, false],
    [{ reconsideration: true }, true],
  ])('defaults reconsideration (%j → %s)', (extra, expected) => {
    expect(eventOf({ ...valid.RG_DECISION, ...extra }).reconsideration).toBe(expected);
  });

  it('treats null optional fields as absent', () => {
    const event = eventOf({
      ...referral,
      receivedAt: null,
      crimeReference: null,
      recordedAt: null,
      victim: { ...referral.victim, consentToNrm: null },
    });
    expect(event).not.toHaveProperty('receivedAt');
    expect(event).not.toHaveProperty('crimeReference');
    expect(event).not.toHaveProperty('recordedAt');
    expect(event.victim).toEqual({ ageGroup: 'ADULT', ageDisputed: false });
  });

  it('collapses duplicate exploitation types into canonical order', () => {
    expect(eventOf({ ...referral, exploitationTypes: ['SEXUAL', 'LABOUR', 'SEXUAL'] }).exploitationTypes).toEqual(['LABOUR', 'SEXUAL']);
    expect(eventOf({ ...referral, exploitationTypes: Array(14).fill('OTHER') }).exploitationTypes).toEqual(['OTHER']);
  });

  it.each(['2024-06-01', '2024-06-01T10:00:00Z', '2024-06-01T10:00+01:00', '2024-06-01T10:00:00.123-05:00', '2024-02-29'])(
    'accepts occurredAt %s and keeps it as given',
    (occurredAt) => {
      expect(eventOf({ ...valid.CRIME_RECORDED, occurredAt }).occurredAt).toBe(occurredAt);
    },
  );

  it.each(['BTP', 'W15000001'])('accepts %s as a force and a transfer destination', (code) => {
    expect(eventOf({ ...valid.TRANSFERRED, force: code, toForce: 'E23000001' }).force).toBe(code);
    expect(eventOf({ ...valid.TRANSFERRED, toForce: code }).toForce).toBe(code);
  });

  it('gives the same canonical JSON for the same content in any key order', () => {
    const reordered = Object.fromEntries(Object.entries(referral).reverse());
    expect(canonicalJson(eventOf(reordered))).toBe(canonicalJson(eventOf(referral)));
    expect(JSON.stringify(eventOf(reordered))).toBe(JSON.stringify(eventOf(referral)));
  });
});

describe('validateEvent: malformed events are refused naming every bad field (SPEC §4)', () => {
  it.each([
    [null, '$'],
    ['text', '$'],
    [[referral], '$'],
  ])('refuses a non-object %j', (input, field) => {
    expect(errorsOf(input)).toEqual([{ field, reason: 'must be a JSON object' }]);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['missing eventId', { eventId: undefined }, 'eventId', /required/],
    ['empty eventId', { eventId: '' }, 'eventId', /1–128/],
    ['eventId of 129 chars', { eventId: 'x'.repeat(129) }, 'eventId', /1–128/],
    ['blank eventId', { eventId: '   ' }, 'eventId', /blank/],
    ['numeric eventId', { eventId: 42 }, 'eventId', /string/],
    ['NUL in referralRef', { referralRef: 'R\u0000' }, 'referralRef', /U\+0000/],
    ['NUL in organisation', { firstResponder: { type: 'NGO', organisation: 'a\u0000b' } }, 'firstResponder.organisation', /U\+0000/],
    ['unknown type', { type: 'REFERRAL_UPDATED' }, 'type', /one of REFERRAL_RECEIVED/],
    ['unknown force', { force: 'E23000099' }, 'force', /unknown force/],
    ['Scottish force', { force: 'S32000001' }, 'force', /unknown force/],
    ['referralRef of 65 chars', { referralRef: 'r'.repeat(65) }, 'referralRef', /1–64/],
    ['2024-02-30', { occurredAt: '2024-02-30' }, 'occurredAt', /real ISO 8601 date/],
    ['date-time without offset', { occurredAt: '2024-06-01T10:00:00' }, 'occurredAt', /offset/],
    ['occurredAt 25:00', { occurredAt: '2024-06-01T25:00:00Z' }, 'occurredAt', /real/],
    ['occurredAt as a number', { occurredAt: 1717200000000 }, 'occurredAt', /ISO 8601/],
    ['receivedAt as a date alone', { receivedAt: '2024-06-01' }, 'receivedAt', /date-time with offset/],
    ['recordedAt without offset', { recordedAt: '2024-06-01T10:00' }, 'recordedAt', /date-time with offset/],
    ['referralType', { referralType: 'nrm' }, 'referralType', /one of NRM, DTN/],
    ['source', { source: 'POLICE' }, 'source', /COMPETENT_AUTHORITY/],
    ['firstResponder missing', { firstResponder: undefined }, 'firstResponder', /required/],
    ['firstResponder as a string', { firstResponder: 'police' }, 'firstResponder', /object/],
    ['firstResponder.type', { firstResponder: { type: 'CPS', organisation: 'CPS' } }, 'firstResponder.type', /POLICE/],
    ['blank organisation', { firstResponder: { type: 'NGO', organisation: '  ' } }, 'firstResponder.organisation', /blank/],
    ['victim.ageGroup', { victim: { ageGroup: 'TEEN', ageDisputed: false } }, 'victim.ageGroup', /ADULT, CHILD, UNKNOWN/],
    ['victim.ageDisputed missing', { victim: { ageGroup: 'CHILD' } }, 'victim.ageDisputed', /required/],
    [
      'victim.consentToNrm as a string',
      { victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: 'yes' } },
      'victim.consentToNrm',
      /boolean/,
    ],
    ['exploitationTypes not an array', { exploitationTypes: 'LABOUR' }, 'exploitationTypes', /array/],
    ['exploitationTypes empty', { exploitationTypes: [] }, 'exploitationTypes', /at least one/],
    // one problem, not one per entry: a 1 MB list of bad entries was a 74 MB answer
    ['exploitationTypes of 500,000 bad entries', { exploitationTypes: Array(500_000).fill(0) }, 'exploitationTypes', /at most 14 types/],
    ['exploitationTypes of 15 good entries', { exploitationTypes: Array(15).fill('LABOUR') }, 'exploitationTypes', /at most 14 types/],
    ['exploitationLocation', { exploitationLocation: 'WALES' }, 'exploitationLocation', /UK, OVERSEAS/],
    ['criminalityLocation', { criminalityLocation: 'SCOTLAND' }, 'criminalityLocation', /ENGLAND_AND_WALES/],
    ['crimeReference too long', { crimeReference: 'c'.repeat(65) }, 'crimeReference', /1–64/],
  ])('names the bad field: %s', (_label, patch, field, reason) => {
    const errors = errorsOf({ ...referral, ...patch });
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe(field);
    expect(errors[0].reason).toMatch(reason);
  });

  // Every string the contract stores, with each way a UTF-16 surrogate can be unpaired.
  const stringFields: [type: string, field: string, patch: (text: string) => Record<string, unknown>][] = [
    ['REFERRAL_RECEIVED', 'eventId', (x) => ({ eventId: x })],
    ['RG_DECISION', 'referralRef', (x) => ({ referralRef: x })],
    ['REFERRAL_RECEIVED', 'firstResponder.organisation', (x) => ({ firstResponder: { type: 'NGO', organisation: x } })],
    ['REFERRAL_RECEIVED', 'crimeReference', (x) => ({ crimeReference: x })],
    ['CRIME_RECORDED', 'crimeReference', (x) => ({ crimeReference: x })],
    ['RECORD_CANCELLED', 'authorisedBy', (x) => ({ authorisedBy: x })],
  ];
  const unpaired = ['a\ud800', 'x\udfff', '\udc00a', 'a\ud83d\ud83db', 'a\ude00\ud83d'];
  it.each(stringFields.flatMap(([type, field, patch]) => unpaired.map((text) => [type, field, text, patch] as const)))(
    'refuses an unpaired surrogate in %s %s (%j)',
    (type, field, text, patch) => {
      expect(errorsOf({ ...valid[type], ...patch(text) })).toEqual([{ field, reason: NOT_UNICODE }]);
    },
  );

  it.each(stringFields)('accepts a surrogate pair (an emoji) in %s %s', (type, field, patch) => {
    expect(validateEvent({ ...valid[type], ...patch('Leeds \ud83d\ude00 team') }).ok).toBe(true);
  });

  it('refuses an unpaired surrogate in an enum, a force or a date as not one of its values', () => {
    expect(errorsOf({ ...referral, type: 'REFERRAL_RECEIVED\ud800' }).map((e) => e.field)).toEqual(['type']);
    expect(errorsOf({ ...referral, force: 'E23000010\ud800' }).map((e) => e.field)).toEqual(['force']);
    expect(errorsOf({ ...referral, occurredAt: '2024-06-01\ud800', receivedAt: '2024-06-01T10:00:00Z\udfff' }).map((e) => e.field)).toEqual(
      ['occurredAt', 'receivedAt'],
    );
  });

  describe('dates in the years 1900–2999 (docs/decisions.md)', () => {
    it.each([
      '0000-01-01',
      '0001-01-01',
      '1899-12-31',
      '3000-01-01',
      '9999-12-31',
      '0000-01-01T00:00:00Z',
      '0000-01-01T00:00:00+23:59',
      '1900-01-01T00:30:00+01:00', // 1899-12-31T23:30Z
      '2999-12-31T23:59:59-23:59', // 3000-01-01 in UTC
      '9999-12-31T23:59:59-23:59',
    ])('refuses occurredAt %s', (occurredAt) => {
      expect(OUT_OF_YEARS).toBe('must be in years 1900–2999');
      expect(errorsOf({ ...referral, occurredAt })).toEqual([{ field: 'occurredAt', reason: OUT_OF_YEARS }]);
    });

    it.each([
      '0000-06-01T00:00:00Z',
      '1899-12-31T23:59:59.999Z',
      '3000-01-01T00:00:00Z',
      '9999-12-31T00:00:00Z',
      '9999-12-31T23:59:59-23:59',
    ])('refuses receivedAt and recordedAt %s', (at) => {
      expect(errorsOf({ ...referral, receivedAt: at, recordedAt: at })).toEqual([
        { field: 'receivedAt', reason: OUT_OF_YEARS },
        { field: 'recordedAt', reason: OUT_OF_YEARS },
      ]);
    });

    it('refuses a REFERRAL_RECEIVED of 9999-12-31, whose deadlines would fall in year 10000', () => {
      expect(errorsOf({ ...referral, occurredAt: '9999-12-31' })).toEqual([{ field: 'occurredAt', reason: OUT_OF_YEARS }]);
    });

    it.each([
      ['1900-01-01', '1900-01-01T00:00:00Z'],
      ['2999-12-31', '2999-12-31T23:59:59.999Z'],
      ['1900-01-01T23:00:00+23:00', '2999-12-31T23:59:59+00:00'],
      ['2999-12-31T23:59:59-00:00', '1900-01-01T00:00:00-00:00'],
    ])('accepts the first and last days: occurredAt %s, receivedAt %s', (occurredAt, receivedAt) => {
      expect(eventOf({ ...referral, occurredAt, receivedAt, recordedAt: receivedAt })).toMatchObject({ occurredAt, receivedAt });
    });

    it('still calls a malformed date malformed, whatever its year', () => {
      expect(errorsOf({ ...referral, occurredAt: '0000-02-30', receivedAt: '9999-12-31T24:00:00Z' }).map((e) => e.reason)).toEqual([
        expect.stringMatching(/real ISO 8601 date/),
        expect.stringMatching(/real ISO 8601 date-time/),
      ]);
    });
  });

  it('names each bad array element by index', () => {
    expect(errorsOf({ ...referral, exploitationTypes: ['LABOUR', 'SEXUAL', 'FISHING', 7] }).map((e) => e.field)).toEqual([
      'exploitationTypes[2]',
      'exploitationTypes[3]',
    ]);
  });

  it('reports every bad field at once, in contract order', () => {
    const errors = errorsOf({
      type: 'REFERRAL_RECEIVED',
      force: 'XX',
      referralRef: '',
      occurredAt: '2023-02-29',
      referralType: 'DTN',
      source: 'COMPETENT_AUTHORITY',
      firstResponder: { type: 'POLICE' },
      victim: { ageGroup: 'KID', ageDisputed: 'no' },
      exploitationTypes: ['LABOUR', 'X'],
    });
    expect(errors.map((e) => e.field)).toEqual([
      'eventId',
      'force',
      'referralRef',
      'occurredAt',
      'firstResponder.organisation',
      'victim.ageGroup',
      'victim.ageDisputed',
      'exploitationTypes[1]',
      'exploitationLocation',
    ]);
  });

  it('still checks the envelope when the type is unknown', () => {
    expect(errorsOf({ ...envelope, type: 'NOPE', force: 'nope' }).map((e) => e.field)).toEqual(['type', 'force']);
  });

  it.each(['RG_DECISION', 'CG_DECISION', 'CRIMINALITY_LOCATION_DETERMINED', 'TRANSFERRED', 'CRIME_RECORDED', 'RECORD_CANCELLED'])(
    'refuses recordedAt on %s',
    (type) => {
      expect(errorsOf({ ...valid[type], recordedAt: '2024-06-01T10:00:00Z' })).toEqual([
        { field: 'recordedAt', reason: 'only allowed on REFERRAL_RECEIVED' },
      ]);
    },
  );

  it.each<[string, Record<string, unknown>, string[]]>([
    ['RG_DECISION', { outcome: undefined, decisionMaker: 'NCA', reconsideration: 'no' }, ['outcome', 'decisionMaker', 'reconsideration']],
    ['CG_DECISION', { outcome: 'MAYBE' }, ['outcome']],
    ['CRIMINALITY_LOCATION_DETERMINED', { criminalityLocation: undefined }, ['criminalityLocation']],
    ['TRANSFERRED', { toForce: undefined }, ['toForce']],
    ['TRANSFERRED', { toForce: 'S32000001' }, ['toForce']],
    ['CRIME_RECORDED', { crimeReference: '', offence: 'THEFT' }, ['crimeReference', 'offence']],
    ['RECORD_CANCELLED', { reason: 'CHANGED_MIND', authorisedBy: undefined }, ['reason', 'authorisedBy']],
  ])('checks the %s fields %j', (type, patch, fields) => {
    expect(errorsOf({ ...valid[type], ...patch }).map((e) => e.field)).toEqual(fields);
  });

  it('refuses a transfer to the owning force, saying so', () => {
    expect(errorsOf({ ...valid.TRANSFERRED, toForce: envelope.force })).toEqual([
      { field: 'toForce', reason: 'must be another force: toForce equals force' },
    ]);
  });
});

describe('occurredInstant (SPEC §4: a date alone is a London date)', () => {
  it.each([
    ['2024-06-01', '2024-05-31T23:00:00.000Z'],
    ['2024-01-15', '2024-01-15T00:00:00.000Z'],
    ['2024-10-27', '2024-10-26T23:00:00.000Z'],
    ['2024-06-01T10:00:00+01:00', '2024-06-01T09:00:00.000Z'],
    ['2024-06-01T10:00Z', '2024-06-01T10:00:00.000Z'],
  ])('turns %s into %s', (occurredAt, instant) => {
    expect(occurredInstant({ occurredAt })).toBe(instant);
  });
});
