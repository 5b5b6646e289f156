import { designatedFirstResponder } from '../../hocr/checks/first-responders';
import { FORCE_SHORT_NAMES, FORCES } from '../../hocr/forces';
import { NOT_UNICODE, OUT_OF_YEARS, validateEvent } from '../../hocr/validate-event';
import {
  COMPONENT_FLAGS,
  firstResponderType,
  flagValue,
  forceNamedBy,
  isOwningForce,
  mapNrmFormSubmission,
  normaliseOrganisation,
  PART_SEPARATOR,
  submittedDate,
  type NrmFormMapResult,
} from './nrm-form.mapper';

const NOW = new Date('2024-06-10T23:30:00Z'); // 11 June in London (BST)
const WYP = 'E23000010';

function submission(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ExternalId: 'c876b0db-6941-47e0-9399-21d073ffe3b1',
    NRMOrDuty: 'NRM',
    AdultOrChild: 'Adult',
    ExploitationLocationPresented: 'UK',
    'Agent.Organisation': 'The Salvation Army',
    ...extra,
  };
}

interface MappedEvent {
  eventId: string;
  referralRef: string;
  occurredAt: string;
  receivedAt?: string;
  referralType: string;
  source: string;
  firstResponder: { type: string; organisation: string };
  victim: Record<string, unknown>;
  exploitationTypes: string[];
  exploitationLocation: string;
  crimeReference?: string;
}

function ok(r: NrmFormMapResult): MappedEvent {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r.event as unknown as MappedEvent;
}

function errors(r: NrmFormMapResult): Record<string, string> {
  if (r.ok) throw new Error('expected errors');
  return Object.fromEntries(r.errors.map((e) => [e.field, e.reason]));
}

const map = (extra: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) =>
  mapNrmFormSubmission({ force: WYP, submission: submission(extra), ...envelope }, NOW);

describe('mapNrmFormSubmission', () => {
  it('maps a minimal submission to a valid REFERRAL_RECEIVED event', () => {
    const e = ok(map());
    expect(e).toEqual({
      eventId: `nrm-form:${WYP}:c876b0db-6941-47e0-9399-21d073ffe3b1`,
      type: 'REFERRAL_RECEIVED',
      force: WYP,
      referralRef: 'c876b0db-6941-47e0-9399-21d073ffe3b1',
      occurredAt: '2024-06-11',
      referralType: 'NRM',
      source: 'COMPETENT_AUTHORITY',
      firstResponder: { type: 'NGO', organisation: 'The Salvation Army' },
      victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true },
      exploitationTypes: ['NOT_SPECIFIED'],
      exploitationLocation: 'UK',
    });
    expect(validateEvent(e).ok).toBe(true);
  });

  describe('NRMOrDuty', () => {
    it.each([
      ['NRM', 'NRM'],
      ['nrm', 'NRM'],
      [' Nrm ', 'NRM'],
      ['National Referral Mechanism', 'NRM'],
      ['Yes', 'NRM'],
      ['DTN', 'DTN'],
      ['DtN', 'DTN'],
      ['dtn', 'DTN'],
      ['Duty to Notify', 'DTN'],
      ['duty-to-notify', 'DTN'],
      ['Duty', 'DTN'],
      ['No', 'DTN'],
    ])('%j → %s', (value, expected) => {
      expect(ok(map({ NRMOrDuty: value })).referralType).toBe(expected);
    });

    it('is required and must be recognised', () => {
      expect(errors(map({ NRMOrDuty: undefined }))).toEqual({ 'submission.NRMOrDuty': 'is required' });
      expect(errors(map({ NRMOrDuty: '' }))).toEqual({ 'submission.NRMOrDuty': 'is required' });
      expect(Object.keys(errors(map({ NRMOrDuty: 'Maybe' })))).toEqual(['submission.NRMOrDuty']);
      expect(Object.keys(errors(map({ NRMOrDuty: 1 })))).toEqual(['submission.NRMOrDuty']);
    });
  });

  describe('AdultOrChild, age disputed and consent', () => {
    it.each([
      ['Adult', 'NRM', { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true }],
      ['Adult', 'DTN', { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: false }],
      ['adult', 'NRM', { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true }],
      ['Child', 'NRM', { ageGroup: 'CHILD', ageDisputed: false }],
      ['CHILD', 'DTN', { ageGroup: 'CHILD', ageDisputed: false }],
      ['Unknown', 'NRM', { ageGroup: 'UNKNOWN', ageDisputed: true, consentToNrm: true }],
      ['Not sure', 'DTN', { ageGroup: 'UNKNOWN', ageDisputed: true, consentToNrm: false }],
      ['Age disputed', 'NRM', { ageGroup: 'UNKNOWN', ageDisputed: true, consentToNrm: true }],
      [undefined, 'NRM', { ageGroup: 'UNKNOWN', ageDisputed: false, consentToNrm: true }],
      ['', 'DTN', { ageGroup: 'UNKNOWN', ageDisputed: false, consentToNrm: false }],
    ])('%j with %s → %j', (age, type, victim) => {
      expect(ok(map({ AdultOrChild: age, NRMOrDuty: type })).victim).toEqual(victim);
    });

    it('marks the age disputed on an AgeDisputed flag', () => {
      expect(ok(map({ AgeDisputed: 'Yes' })).victim).toEqual({ ageGroup: 'ADULT', ageDisputed: true, consentToNrm: true });
      expect(ok(map({ AgeDisputed: 'No' })).victim.ageDisputed).toBe(false);
      expect(Object.keys(errors(map({ AgeDisputed: 'perhaps' })))).toEqual(['submission.AgeDisputed']);
    });

    it('does not read AdultOrChildDuringExploitation', () => {
      expect(ok(map({ AdultOrChildDuringExploitation: 'Child' })).victim).toEqual(ok(map()).victim);
      expect(ok(map({ AdultOrChildDuringExploitation: 'Unknown' })).victim).toEqual(ok(map()).victim);
    });

    it('refuses the name of an inherited property as it refuses any unknown word, naming the field', () => {
      for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        expect(Object.keys(errors(map({ NRMOrDuty: word })))).toEqual(['submission.NRMOrDuty']);
        expect(Object.keys(errors(map({ AdultOrChild: word })))).toEqual(['submission.AdultOrChild']);
        expect(Object.keys(errors(map({ ExploitationLocationPresented: word })))).toEqual(['submission.ExploitationLocationPresented']);
      }
    });

    it('refuses an unrecognised age group', () => {
      expect(Object.keys(errors(map({ AdultOrChild: 'Teenager' })))).toEqual(['submission.AdultOrChild']);
      expect(Object.keys(errors(map({ AdultOrChild: 17 })))).toEqual(['submission.AdultOrChild']);
    });
  });

  describe('ExploitationLocationPresented', () => {
    it.each([
      ['UK', 'UK'],
      ['uk', 'UK'],
      ['OVERSEAS', 'OVERSEAS'],
      ['Overseas', 'OVERSEAS'],
      ['BOTH', 'BOTH'],
      ['Both', 'BOTH'],
      ['UK and overseas', 'BOTH'],
      ['uk-and-overseas', 'BOTH'],
      ['Unknown', 'UNKNOWN'],
      [undefined, 'UNKNOWN'],
      [null, 'UNKNOWN'],
      ['', 'UNKNOWN'],
    ])('%j → %s', (value, expected) => {
      expect(ok(map({ ExploitationLocationPresented: value })).exploitationLocation).toBe(expected);
    });

    it('refuses anything else', () => {
      expect(Object.keys(errors(map({ ExploitationLocationPresented: 'Scotland' })))).toEqual(['submission.ExploitationLocationPresented']);
    });
  });

  describe('Component* flags', () => {
    it.each(Object.entries(COMPONENT_FLAGS))('%s → %s', (flag, type) => {
      expect(ok(map({ [flag]: 'Yes' })).exploitationTypes).toEqual([type]);
    });

    it.each([true, 'true', 'TRUE', 'Yes', 'yes', 'Y', 'y', 1, '1'])('%j is set', (value) => {
      expect(ok(map({ ComponentProstitution: value })).exploitationTypes).toEqual(['SEXUAL']);
    });

    it.each([false, 'false', 'No', 'N', 0, '0', '', null])('%j is not set', (value) => {
      expect(ok(map({ ComponentProstitution: value })).exploitationTypes).toEqual(['NOT_SPECIFIED']);
    });

    it('matches flag names case-insensitively (the live form sends ComponentSexuallyassaulted)', () => {
      expect(ok(map({ ComponentSexuallyassaulted: 'Yes' })).exploitationTypes).toEqual(['SEXUAL']);
      expect(ok(map({ componentforcedcrime: 'Yes' })).exploitationTypes).toEqual(['CRIMINAL']);
    });

    it('combines flags, de-duplicated, and validateEvent puts them in canonical order', () => {
      const e = ok(
        map({
          ComponentOrgansRemoved: 'Yes',
          ComponentForcedToWorkForNothing: 'Yes',
          ComponentWagesTaken: 'Yes',
          ComponentFraud: 'Yes',
          ComponentProstitution: 'No',
          ComponentChildExploitation: 'Yes',
        }),
      );
      expect([...e.exploitationTypes].sort()).toEqual(['CRIMINAL', 'LABOUR', 'ORGAN_HARVESTING', 'OTHER']);
      const v = validateEvent(e as unknown);
      expect(v.ok && 'exploitationTypes' in v.event && v.event.exploitationTypes).toEqual([
        'LABOUR',
        'CRIMINAL',
        'ORGAN_HARVESTING',
        'OTHER',
      ]);
    });

    it('reads ExploitationOther free text as OTHER and drops the text', () => {
      const e = ok(map({ ExploitationOther: 'Forced to beg outside Zebedee-Station-4411' }));
      expect(e.exploitationTypes).toEqual(['OTHER']);
      expect(JSON.stringify(e)).not.toContain('Zebedee');
      expect(ok(map({ ExploitationOther: '   ' })).exploitationTypes).toEqual(['NOT_SPECIFIED']);
    });

    it('maps an unrecognised Component flag that is set to OTHER', () => {
      expect(ok(map({ ComponentForcedMarriage: 'Yes' })).exploitationTypes).toEqual(['OTHER']);
      expect(ok(map({ ComponentForcedMarriage: 'No' })).exploitationTypes).toEqual(['NOT_SPECIFIED']);
    });

    it('refuses a flag that is not yes/no', () => {
      expect(Object.keys(errors(map({ ComponentWagesTaken: 'sometimes', ComponentFraud: 2 })))).toEqual([
        'submission.ComponentWagesTaken',
        'submission.ComponentFraud',
      ]);
    });
  });

  describe('Agent.Organisation, first responder and source', () => {
    it('a submission by the owning force is a POLICE_REFERRAL', () => {
      for (const org of [
        'West Yorkshire Police',
        'west yorkshire police',
        '  The West  Yorkshire Police ',
        'WEST-YORKSHIRE POLICE',
        'West Yorkshire Constabulary',
        'West Yorkshire Police - Leeds District Safeguarding',
        'West Yorkshire Police, Leeds District',
        'Leeds District Safeguarding,West Yorkshire Police',
      ]) {
        const e = ok(map({ 'Agent.Organisation': org }));
        expect({ org, source: e.source, type: e.firstResponder.type }).toEqual({ org, source: 'POLICE_REFERRAL', type: 'POLICE' });
        expect(e.firstResponder.organisation).toBe(org.trim());
      }
    });

    it('matches every force by its own name, and "&" for "and"', () => {
      for (const f of FORCES) {
        expect(isOwningForce(f.name, f.code)).toBe(true);
        expect(isOwningForce(`The ${f.name.toUpperCase()}`, f.code)).toBe(true);
        const e = ok(mapNrmFormSubmission({ force: f.code, submission: submission({ 'Agent.Organisation': f.name }) }, NOW));
        expect(e.source).toBe('POLICE_REFERRAL');
      }
      expect(isOwningForce('Avon & Somerset Police', 'E23000036')).toBe(true);
      expect(isOwningForce('Metropolitan Police', 'E23000001')).toBe(true);
      expect(isOwningForce('Metropolitan Police Service (MPS)', 'E23000001')).toBe(true);
    });

    it("a force's short name is the force: its own is a POLICE_REFERRAL, another's POLICE", () => {
      for (const org of ['WYP', 'wyp', ' WYP ', 'WYP - Leeds District']) {
        const e = ok(map({ 'Agent.Organisation': org }));
        expect({ org, source: e.source, type: e.firstResponder.type }).toEqual({ org, source: 'POLICE_REFERRAL', type: 'POLICE' });
      }
      for (const [code, names] of Object.entries(FORCE_SHORT_NAMES)) {
        for (const name of names) {
          expect({ name, code: forceNamedBy(name.toUpperCase()) }).toEqual({ name, code });
          const e = ok(mapNrmFormSubmission({ force: code, submission: submission({ 'Agent.Organisation': name }) }, NOW));
          expect(e.source).toBe('POLICE_REFERRAL');
        }
      }
      expect(forceNamedBy('Met Police')).toBe('E23000001');
      expect(ok(map({ 'Agent.Organisation': 'GMP' })).firstResponder).toEqual({ type: 'POLICE', organisation: 'GMP' });
      expect(ok(map({ 'Agent.Organisation': 'GMP' })).source).toBe('COMPETENT_AUTHORITY');
      // a short name inside a longer name is not the force
      expect(forceNamedBy('Met Office')).toBeUndefined();
      expect(forceNamedBy('WYP Victims Charity')).toBeUndefined();
    });

    it('gives every organisation a type that MS-13 reads as designated when it names a designated body', () => {
      for (const org of [
        'WYP',
        'Met Police',
        'BTP',
        'CoLP',
        'Leeds Social Services',
        'Kent County Council',
        'City of Bradford Metropolitan District Council',
        'UKHTC',
        'UK Human Trafficking Centre',
        'HOIE',
        'The Salvation Army',
        'West Yorkshire Police',
        'Leeds City Council',
      ]) {
        const verdict = designatedFirstResponder({ type: firstResponderType(org), organisation: org });
        expect({ org, designated: verdict.designated }).toEqual({ org, designated: true });
      }
    });

    it('another force is POLICE but COMPETENT_AUTHORITY', () => {
      const e = ok(map({ 'Agent.Organisation': 'Greater Manchester Police' }));
      expect(e.source).toBe('COMPETENT_AUTHORITY');
      expect(e.firstResponder).toEqual({ type: 'POLICE', organisation: 'Greater Manchester Police' });
      expect(forceNamedBy('Greater Manchester Police')).toBe('E23000005');
    });

    it('does not take a place name alone, or a council of the same name, for the force', () => {
      expect(forceNamedBy('West Yorkshire')).toBeUndefined();
      expect(forceNamedBy('West Yorkshire Combined Authority')).toBeUndefined();
      expect(ok(map({ 'Agent.Organisation': 'Leeds City Council' })).source).toBe('COMPETENT_AUTHORITY');
      // a comma part is a whole part, not a place inside one
      expect(forceNamedBy('Leeds, West Yorkshire')).toBeUndefined();
      expect(ok(map({ 'Agent.Organisation': 'Greater Manchester Police, Leeds Office' })).source).toBe('COMPETENT_AUTHORITY');
    });

    it.each([
      ['West Yorkshire Police', 'POLICE'],
      ['Police Scotland', 'POLICE'],
      ['British Transport Police', 'POLICE'],
      ['Cheshire Constabulary', 'POLICE'],
      ['PSNI', 'POLICE'],
      ['Leeds City Council', 'LOCAL_AUTHORITY'],
      ['Leeds Social Services', 'LOCAL_AUTHORITY'],
      ['Kent County Council', 'LOCAL_AUTHORITY'],
      ['UKHTC', 'GOVERNMENT_AGENCY'],
      ['HOIE', 'GOVERNMENT_AGENCY'],
      ['Met Police', 'POLICE'],
      ['BTP', 'POLICE'],
      ['London Borough of Hackney', 'LOCAL_AUTHORITY'],
      ['Royal Borough of Greenwich Children’s Services', 'LOCAL_AUTHORITY'],
      ['Home Office - UK Border Force UKBF', 'GOVERNMENT_AGENCY'],
      ['UKVI', 'GOVERNMENT_AGENCY'],
      ['UK Visas and Immigration', 'GOVERNMENT_AGENCY'],
      ['Immigration Enforcement', 'GOVERNMENT_AGENCY'],
      ['Border Force', 'GOVERNMENT_AGENCY'],
      ['National Crime Agency', 'GOVERNMENT_AGENCY'],
      ['NCA', 'GOVERNMENT_AGENCY'],
      ['GLAA', 'GOVERNMENT_AGENCY'],
      ['Gangmasters and Labour Abuse Authority', 'GOVERNMENT_AGENCY'],
      ['The Salvation Army', 'NGO'],
      ['Migrant Help', 'NGO'],
      ['Refugee Council', 'NGO'],
      ["Barnardo's", 'NGO'],
      ['Unseen UK', 'NGO'],
      ['Kalayaan', 'NGO'],
      ['Some New Charity', 'NGO'],
    ])('%s → %s', (org, type) => {
      expect(firstResponderType(org)).toBe(type);
    });

    it('accepts a nested Agent object as well as the flat "Agent.Organisation" key', () => {
      const e = ok(map({ 'Agent.Organisation': undefined, Agent: { Organisation: 'West Yorkshire Police', Name: 'Dropped' } }));
      expect(e.source).toBe('POLICE_REFERRAL');
      expect(JSON.stringify(e)).not.toContain('Dropped');
    });

    it('is required', () => {
      expect(errors(map({ 'Agent.Organisation': undefined }))).toEqual({ 'submission.Agent.Organisation': 'is required' });
      expect(errors(map({ 'Agent.Organisation': '  ' }))).toEqual({ 'submission.Agent.Organisation': 'is required' });
      expect(Object.keys(errors(map({ 'Agent.Organisation': 42 })))).toEqual(['submission.Agent.Organisation']);
    });
  });

  describe('references', () => {
    it("PoliceForceCRN is another force's reference when PoliceForce names another force: not stored [NRM-11]", () => {
      const crn = (submission: Record<string, unknown>) => ok(map({ PoliceForceCRN: '13240123456', ...submission })).crimeReference;
      expect(crn({ PoliceForce: 'Greater Manchester Police' })).toBeUndefined();
      expect(crn({ PoliceForce: 'GMP' })).toBeUndefined();
      expect(crn({ PoliceForce: 'West Yorkshire Police' })).toBe('13240123456'); // the owning force
      expect(crn({ PoliceForce: 'WYP' })).toBe('13240123456');
      expect(crn({ PoliceForce: 'Police Scotland' })).toBe('13240123456'); // names no force of England and Wales
      expect(crn({ PoliceForce: '' })).toBe('13240123456');
      expect(crn({ PoliceForce: 42 })).toBe('13240123456');
      expect(crn({})).toBe('13240123456');
    });

    it("PoliceForceCRN → crimeReference; the form's empty string is none", () => {
      expect(ok(map({ PoliceForceCRN: ' 13240123456 ' })).crimeReference).toBe('13240123456');
      expect(ok(map({ PoliceForceCRN: '' }))).not.toHaveProperty('crimeReference');
      expect(Object.keys(errors(map({ PoliceForceCRN: 123 })))).toEqual(['submission.PoliceForceCRN']);
    });

    it('referralRef defaults to ExternalId; a given referralRef wins but the event id stays on ExternalId', () => {
      const e = ok(map({}, { referralRef: 'NRM-2024-000123' }));
      expect(e.referralRef).toBe('NRM-2024-000123');
      expect(e.eventId).toBe(`nrm-form:${WYP}:c876b0db-6941-47e0-9399-21d073ffe3b1`);
    });

    it('without ExternalId, the referralRef names the event', () => {
      const e = ok(map({ ExternalId: undefined }, { referralRef: 'NRM-2024-000123' }));
      expect(e).toMatchObject({ referralRef: 'NRM-2024-000123', eventId: `nrm-form:${WYP}:NRM-2024-000123` });
    });

    it('needs ExternalId or referralRef', () => {
      expect(errors(map({ ExternalId: undefined }))).toEqual({ 'submission.ExternalId': 'is required (or give referralRef)' });
      expect(Object.keys(errors(map({ ExternalId: 7 })))).toEqual(['submission.ExternalId']);
    });

    it('refuses an ExternalId too long for the event id, saying how long it may be for the force', () => {
      // nrm-form:E23000010: is 19 characters, so 109 are left of the event id's 128; BTP's code is shorter
      expect(ok(map({ ExternalId: 'x'.repeat(109) }, { referralRef: 'SHORT-1' })).eventId).toHaveLength(128);
      expect(errors(map({ ExternalId: 'x'.repeat(110) }, { referralRef: 'SHORT-1' }))).toEqual({
        'submission.ExternalId': 'must be at most 109 characters for this force (the event id nrm-form:E23000010:<it> is at most 128)',
      });
      const btp = mapNrmFormSubmission(
        { force: 'BTP', referralRef: 'SHORT-1', submission: submission({ ExternalId: 'x'.repeat(115) }) },
        NOW,
      );
      expect(ok(btp).eventId).toHaveLength(128);
    });

    it('maps the wire validator errors back to the request fields', () => {
      // (an organisation over 200 characters is refused by the mapper itself, before matching: see below)
      const r = map({ ExternalId: 'x'.repeat(70), 'Agent.Organisation': 'Leeds\0City Council', PoliceForceCRN: 'c'.repeat(65) });
      if (!r.ok) throw new Error('mapper should accept');
      const v = validateEvent(r.event);
      expect(v.ok).toBe(false);
      if (v.ok) return;
      expect(v.errors.map((e) => r.sources[e.field]).sort()).toEqual([
        'submission.Agent.Organisation',
        'submission.ExternalId',
        'submission.PoliceForceCRN',
      ]);
    });
  });

  describe('occurredAt and receivedAt', () => {
    it('uses the submitted date when there is one', () => {
      expect(ok(map({ DateSubmitted: '2024-06-02T16:40:00+01:00' })).occurredAt).toBe('2024-06-02T16:40:00+01:00');
      expect(ok(map({ SubmissionDate: '2024-06-02' })).occurredAt).toBe('2024-06-02');
      expect(ok(map({ SubmittedDate: '02/06/2024' })).occurredAt).toBe('2024-06-02');
      expect(ok(map({ DateSubmitted: '2024-06-02T16:40:00' })).occurredAt).toBe('2024-06-02');
    });

    it('refuses a submitted date that does not parse', () => {
      expect(Object.keys(errors(map({ DateSubmitted: '31/02/2024' })))).toEqual(['submission.DateSubmitted']);
      expect(Object.keys(errors(map({ DateSubmitted: 'yesterday' })))).toEqual(['submission.DateSubmitted']);
      expect(submittedDate('2024-13-01')).toBeNull();
    });

    it.each([
      '01/01/0000',
      '0000-01-01',
      '31/12/1899',
      '31/12/9999',
      '9999-12-31T23:59',
      '0000-01-01T00:00:00Z',
      '2999-12-31T23:59:59-23:59',
    ])('refuses a submitted date outside the years 1900–2999: %s', (date) => {
      expect(errors(map({ DateSubmitted: date }))).toEqual({ 'submission.DateSubmitted': OUT_OF_YEARS });
    });

    it('accepts submitted dates on the first and last days of the years 1900–2999', () => {
      expect(ok(map({ DateSubmitted: '01/01/1900' })).occurredAt).toBe('1900-01-01');
      expect(ok(map({ DateSubmitted: '2999-12-31T23:59' })).occurredAt).toBe('2999-12-31');
    });

    it.each(['0000-06-01T00:00:00Z', '9999-12-31T00:00:00Z', '9999-12-31T23:59:59-23:59'])(
      'refuses a receivedAt outside the years 1900–2999 once, with or without a submitted date: %s',
      (receivedAt) => {
        expect(errors(map({}, { receivedAt }))).toEqual({ receivedAt: OUT_OF_YEARS });
        expect(errors(map({ DateSubmitted: '2024-06-02' }, { receivedAt }))).toEqual({ receivedAt: OUT_OF_YEARS });
      },
    );

    it("falls back to receivedAt, then to the service's London date", () => {
      const e = ok(map({}, { receivedAt: '2024-06-03T09:15:00+01:00' }));
      expect(e).toMatchObject({ occurredAt: '2024-06-03T09:15:00+01:00', receivedAt: '2024-06-03T09:15:00+01:00' });
      const f = ok(map());
      expect(f.occurredAt).toBe('2024-06-11');
      expect(f).not.toHaveProperty('receivedAt');
    });
  });

  describe('envelope', () => {
    it('names every bad envelope field', () => {
      const r = mapNrmFormSubmission({ force: 'E99', receivedAt: '2024-06-03', referralRef: 5, submission: submission(), extra: 1 }, NOW);
      expect(Object.keys(errors(r)).sort()).toEqual(['extra', 'force', 'receivedAt', 'referralRef']);
    });

    it('needs force and a submission object', () => {
      expect(errors(mapNrmFormSubmission({}, NOW))).toEqual({ force: 'is required', submission: 'is required' });
      expect(Object.keys(errors(mapNrmFormSubmission({ force: WYP, submission: [] }, NOW)))).toEqual(['submission']);
      expect(Object.keys(errors(mapNrmFormSubmission({ force: WYP, submission: 'x' }, NOW)))).toEqual(['submission']);
      expect(Object.keys(errors(mapNrmFormSubmission(null, NOW)))).toEqual(['body']);
      expect(Object.keys(errors(mapNrmFormSubmission([], NOW)))).toEqual(['body']);
    });

    it('reports envelope and submission problems together', () => {
      const r = mapNrmFormSubmission({ submission: { AdultOrChild: 'x' } }, NOW);
      expect(Object.keys(errors(r)).sort()).toEqual([
        'force',
        'submission.AdultOrChild',
        'submission.Agent.Organisation',
        'submission.ExternalId',
        'submission.NRMOrDuty',
      ]);
    });
  });

  describe('unpaired UTF-16 surrogates', () => {
    it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
      ['submission.ExternalId', { ExternalId: 'a\ud800' }, {}],
      ['submission.NRMOrDuty', { NRMOrDuty: 'NRM\udfff' }, {}],
      ['submission.AdultOrChild', { AdultOrChild: '\udc00Adult' }, {}],
      ['submission.ExploitationLocationPresented', { ExploitationLocationPresented: 'UK\ud800' }, {}],
      ['submission.Agent.Organisation', { 'Agent.Organisation': 'Leeds City Council\ud800' }, {}],
      ['submission.Agent.Organisation', { 'Agent.Organisation': undefined, Agent: { Organisation: 'x\udfff' } }, {}],
      ['submission.Agent.Organisation', { 'Agent.Organisation': `${'('.repeat(300)}\ud800` }, {}],
      ['submission.PoliceForceCRN', { PoliceForceCRN: '13/1\ud800' }, {}],
      ['submission.DateSubmitted', { DateSubmitted: '2024-06-02\ud800' }, {}],
      ['submission.SubmissionDate', { SubmissionDate: '\udfff02/06/2024' }, {}],
      ['referralRef', {}, { referralRef: 'NRM-1\ud800' }],
    ])('refuses one in %s, with that reason alone', (field, extra, envelope) => {
      expect(errors(map(extra, envelope))).toEqual({ [field]: NOT_UNICODE });
    });

    it('accepts a surrogate pair, and ignores unpaired ones in fields it does not read', () => {
      const e = ok(
        map({ 'Agent.Organisation': 'Leeds City Council \ud83d\ude00', VictimAccount: 'a\ud800', 'Customer.Surname': '\udfff' }),
      );
      expect(e.firstResponder.organisation).toBe('Leeds City Council \ud83d\ude00');
      expect(JSON.stringify(e)).not.toContain('\\ud800');
    });
  });

  describe('minimal personal data', () => {
    it('keeps only mapped fields, and error reasons never echo submitted values', () => {
      const pii = {
        'Customer.Forename1': 'Zofia-Kowalczyk-7731',
        'Customer.DOB': '1991-04-05',
        'Customer.Nationality': 'Nation-Qx-19',
        VictimAccount: 'Account-Yv-5520 '.repeat(50),
        'Agent.Email': 'agent-Mx-3381@example.org',
        PoliceForce: 'Police-Field-Kk-5511',
      };
      const e = ok(map(pii));
      const s = JSON.stringify(e);
      for (const v of Object.values(pii)) expect(s).not.toContain(v.trim().split(' ')[0]);
      const bad = mapNrmFormSubmission(
        { force: WYP, submission: { ...pii, NRMOrDuty: 'Zofia-Kowalczyk-7731', AdultOrChild: 'Nation-Qx-19' } },
        NOW,
      );
      expect(JSON.stringify(errors(bad))).not.toMatch(/Zofia|Nation-Qx/);
    });
  });

  describe('hostile organisation names (no regular expression work grows faster than the text)', () => {
    // Performance is not asserted: before the fix each of these took from seconds to minutes.
    const opens = '('.repeat(100_000);
    const spaces = ' '.repeat(100_000);

    it('refuses an organisation over 200 characters before matching it', () => {
      expect(errors(map({ 'Agent.Organisation': opens }))).toEqual({ 'submission.Agent.Organisation': 'must be 1–200 characters long' });
      expect(errors(map({ 'Agent.Organisation': undefined, Agent: { Organisation: `West Yorkshire Police${spaces}x` } }))).toEqual({
        'submission.Agent.Organisation': 'must be 1–200 characters long',
      });
      expect(ok(map({ 'Agent.Organisation': `Leeds City Council ${'x'.repeat(181)}` })).firstResponder.organisation).toHaveLength(200);
    });

    it('normalises 100,000 "(" and 100,000 spaces', () => {
      expect(normaliseOrganisation(opens)).toBe('');
      expect(normaliseOrganisation(`West Yorkshire Police ${opens}`)).toBe('west yorkshire police');
      expect(normaliseOrganisation(`${opens})Leeds`)).toBe('leeds');
      expect(normaliseOrganisation(`The${spaces}Salvation Army`)).toBe('salvation army');
    });

    it('matches forces and first responder types in 100,000 "(" or spaces', () => {
      expect(forceNamedBy(opens)).toBeUndefined();
      expect(forceNamedBy(spaces)).toBeUndefined();
      expect(forceNamedBy(`${spaces}-${spaces}`)).toBeUndefined();
      expect(forceNamedBy(`West Yorkshire Police${spaces}-${spaces}Safeguarding`)).toBe(WYP);
      expect(forceNamedBy(`Safeguarding${spaces}|${spaces}West Yorkshire Police`)).toBe(WYP);
      expect(forceNamedBy(`Safeguarding${','.repeat(100_000)}West Yorkshire Police`)).toBe(WYP);
      expect(forceNamedBy(','.repeat(100_000))).toBeUndefined();
      expect(isOwningForce(`West Yorkshire Police ${opens}`, WYP)).toBe(true);
      expect(firstResponderType(opens)).toBe('NGO');
      expect(firstResponderType(`${spaces}Leeds City Council${spaces}`)).toBe('LOCAL_AUTHORITY');
    });

    it('drops bracketed text exactly as /\\([^)]*\\)/g did, nested and unclosed brackets included', () => {
      const byRegex = (name: string) =>
        name
          .toLowerCase()
          .replace(/\([^)]*\)/g, ' ')
          .replace(/&/g, ' and ')
          .replace(/[^a-z0-9]+/g, ' ')
          .trim()
          .replace(/^the /, '');
      const names = [
        'The West-Yorkshire Police (WYP)',
        'Leeds (City) Council (Adult Social Care)',
        'a (b (c) d) e',
        'x ( y',
        'x ) y ( z',
        '(a)(b)c',
        ')(',
        '((Kalayaan)',
        'Barnardo’s (NI) & Co',
        'no brackets',
      ];
      for (const name of names) expect(normaliseOrganisation(name)).toBe(byRegex(name));
    });

    it('splits on " - " as /\\s+[-–—|]\\s+/ did', () => {
      const names = ['West Yorkshire Police - Safeguarding', 'a  -  b', ' - a', 'a - - b', 'a -b', 'a\t—\tb | c – d', 'a - ', '-', ' - '];
      for (const name of names) expect(name.split(PART_SEPARATOR)).toEqual(name.split(/\s+[-–—|]\s+/));
    });
  });

  it('flagValue', () => {
    expect([true, 'Yes', 'y', 1, '1', ' TRUE '].map(flagValue)).toEqual([true, true, true, true, true, true]);
    expect([false, 'No', 'n', 0, '0', ''].map(flagValue)).toEqual([false, false, false, false, false, false]);
    expect([undefined, null].map(flagValue)).toEqual([undefined, undefined]);
    expect([2, 'maybe', {}, []].map(flagValue)).toEqual([null, null, null, null]);
  });
});
