import { NOT_UNICODE, OUT_OF_YEARS } from '../../src/hocr/validate-event';
import { type TestApp, useTestApp } from '../helpers/test-app';

/**
 * POST /v1/nrm-form-submissions (SPEC §4 NRM form adapter): a realistic full casework submission is
 * recorded, and none of its personal values reach any table.
 */
const WYP = 'E23000010';

// Distinctive personal values: each must appear nowhere in the database afterwards.
const PERSONAL = {
  forename: 'Zofia-Kowalczyk-7731',
  surname: 'Wisniewska-Qv-4418',
  alias: 'Nickname-Zq-2290',
  dob: '1991-04-05',
  email: 'zofia.k.7731@mailbox-xq.example',
  phone: '07700-900-7731',
  street: '14 Quillfeather-Row-6612',
  town: 'Harrowgate-Tz-8823',
  county: 'Countyshire-Jx-3390',
  postcode: 'LS99 7ZZ',
  nationality: 'Nationality-Pk-5567',
  secondNationality: 'Nationality-Second-Rr-1184',
  language: 'Language-Bw-4471',
  victimAccount: 'VictimAccount-Lorem-9902',
  exploiter: 'Exploiter-Mirek-Dudek-3315',
  exploitationAddress: 'Unit 9 Brickyard-Lane-7740',
  city: 'City-Exploit-Hh-2231',
  birthplace: 'Birthplace-Gd-6675',
  family: 'Family-Detail-Vn-8870',
  laFirst: 'LaContact-Fn-1120',
  laLast: 'LaContact-Ln-1121',
  laEmail: 'la.contact.1120@council-xq.example',
  laPhone: '0113-496-1120',
  agentFirst: 'Agent-Forename-Pp-5501',
  agentLast: 'Agent-Surname-Pp-5502',
  agentEmail: 'agent.pp.5501@salvationarmy-xq.example',
  agentPhone: '0113-496-5501',
  agentJob: 'Agent-Jobtitle-Pp-5503',
  altContact: 'AltContact-Name-Ee-7761',
  altEmail: 'alt.ee.7761@example-xq.example',
  otherExploitation: 'OtherExploitation-Text-Ww-6620',
  dtnReason: 'DtnReason-Text-Ss-9931',
  interview: 'Interview-Details-Kk-4402',
} as const;

const EXTERNAL_ID = '3f1c2a9e-5b7d-4e0a-9c61-7a2b8d4e6f10';

function fullSubmission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Type: '560734',
    ExternalId: EXTERNAL_ID,
    'Customer.Forename1': PERSONAL.forename,
    'Customer.Surname': PERSONAL.surname,
    'Customer.Alias': PERSONAL.alias,
    'Customer.DOB': PERSONAL.dob,
    'Customer.Custom7': 'Yes',
    'Customer.Address': PERSONAL.street,
    'Customer.Town': PERSONAL.town,
    'Customer.County': PERSONAL.county,
    'Customer.Postcode': PERSONAL.postcode,
    'Customer.ContactMethod': 'Email, Post',
    'Customer.Email': PERSONAL.email,
    'Customer.Phone': PERSONAL.phone,
    'Customer.Custom17': 'Female',
    'Customer.Custom9': 'Yes',
    'Customer.Custom10': '2',
    'Customer.Nationality': PERSONAL.nationality,
    'Customer.Custom11': PERSONAL.secondNationality,
    'Customer.Custom13': 'Yes',
    'Customer.Custom14': PERSONAL.language,
    'Case.Jurisdiction': 'ENGLAND',
    AdultOrChild: 'Adult',
    AdultOrChildDuringExploitation: 'Child',
    VictimAccount: `${PERSONAL.victimAccount} ${'She was recruited with a promise of factory work, her passport was kept and she was made to work fourteen hours a day without pay. '.repeat(40)}`,
    ExploitationLocationPresented: 'UK and overseas',
    City1: PERSONAL.city,
    City2: 'Leeds',
    ExploitationUKAddress: PERSONAL.exploitationAddress,
    Country1: 'Poland',
    PVCurrentCityTown: PERSONAL.town,
    PVCurrentCounty: PERSONAL.county,
    ExploiterDetails: PERSONAL.exploiter,
    ComponentForcedToWorkForNothing: 'Yes',
    ComponentWagesTaken: 'Yes',
    ComponentDomesticServitude: 'Yes',
    ComponentProstitution: 'No',
    ExploitationOther: PERSONAL.otherExploitation,
    OtherVictims: 'yes',
    ReportedCase: 'Yes',
    PoliceForce: 'West Yorkshire Police',
    LocalAuthority: 'Leeds City Council',
    LAFirstName: PERSONAL.laFirst,
    LALastName: PERSONAL.laLast,
    LAPhone: PERSONAL.laPhone,
    LAEmail: PERSONAL.laEmail,
    SafeToEmail: 'Yes',
    SafeToPostal: 'No',
    Country: 'ENG',
    CountryLabel: 'England',
    HowToNotify: 'Email, Post',
    CanPoliceContactPV: 'Yes',
    PoliceForceCRN: '13240123456',
    CIDReference: '',
    NRMOrDuty: 'NRM',
    DTNReason: PERSONAL.dtnReason,
    NeedSupport: 'Yes',
    WhoToSendDecisionTo: 'Someone else',
    'Agent.Forename1': PERSONAL.agentFirst,
    'Agent.Name': PERSONAL.agentLast,
    'Agent.Email': PERSONAL.agentEmail,
    'Agent.Phone': PERSONAL.agentPhone,
    'Agent.Jobtitle': PERSONAL.agentJob,
    'Agent.Organisation': 'The Salvation Army',
    AlternateFREmail: PERSONAL.altEmail,
    AltContactFirstName: PERSONAL.altContact,
    AltContactEmail: PERSONAL.altEmail,
    PVBirthplace: PERSONAL.birthplace,
    PVFamily: PERSONAL.family,
    DetailsAboutInterview: PERSONAL.interview,
    SupportProviderContactByPhone: PERSONAL.phone,
    DateSubmitted: '2024-06-02T16:40:00+01:00',
    ...overrides,
  };
}

/** Every row of every table in the schema but `except`, as text (whole-row casts cover text, jsonb and the rest). */
async function dumpDatabase(t: TestApp, except: string[] = []): Promise<string> {
  const tables: { table_name: string }[] = await t.dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const names = tables.map((r) => r.table_name).filter((name) => !except.includes(name));
  expect(names).toEqual(expect.arrayContaining(['events', 'records', 'classification_history']));
  const chunks: string[] = [];
  for (const name of names) {
    const rows: { row: string }[] = await t.dataSource.query(`SELECT t::text AS row FROM "${name}" t`);
    chunks.push(...rows.map((r) => r.row));
  }
  return chunks.join('\n');
}

describe('POST /v1/nrm-form-submissions', () => {
  let t: TestApp;
  let recorder: string;
  useTestApp(async (opened) => {
    t = opened;
    recorder = await t.token('recorder', WYP);
  });

  const post = (body: object, token = recorder) =>
    t.http.post('/v1/nrm-form-submissions').set('authorization', `Bearer ${token}`).send(body);

  it('records a full submission from another first responder as N200/01, keeping only the mapped facts', async () => {
    const res = await post({ force: WYP, receivedAt: '2024-06-03T09:15:00+01:00', submission: fullSubmission() }).expect(201);
    expect(res.body).toMatchObject({ eventId: `nrm-form:${WYP}:${EXTERNAL_ID}`, status: 'APPLIED' });
    const record = res.body.record;
    expect(record).toMatchObject({
      force: WYP,
      referralRef: EXTERNAL_ID,
      status: 'OPEN',
      referralType: 'NRM',
      crimeReference: '13240123456',
      classification: { code: 'N200/01', rule: 'PENDING_RG' },
    });
    expect(record.facts).toMatchObject({
      source: 'COMPETENT_AUTHORITY',
      firstResponder: { type: 'NGO', organisation: 'The Salvation Army' },
      victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true },
      exploitationTypes: ['LABOUR', 'DOMESTIC_SERVITUDE', 'OTHER'],
      exploitationLocation: 'BOTH',
      criminalityLocation: 'ENGLAND_AND_WALES',
      referralDate: '2024-06-02',
    });

    // The stored event is exactly the wire contract's fields.
    const [stored] = await t.dataSource.query(`SELECT body FROM events WHERE event_id = $1`, [`nrm-form:${WYP}:${EXTERNAL_ID}`]);
    const body = typeof stored.body === 'string' ? JSON.parse(stored.body) : stored.body;
    expect(Object.keys(body).sort()).toEqual(
      [
        'crimeReference',
        'criminalityLocation',
        'eventId',
        'exploitationLocation',
        'exploitationTypes',
        'firstResponder',
        'force',
        'occurredAt',
        'receivedAt',
        'referralRef',
        'referralType',
        'source',
        'type',
        'victim',
      ].sort(),
    );
    expect(JSON.stringify(body)).not.toMatch(/Customer|Agent\.|VictimAccount/);
  });

  it('a submission by the owning force is a police referral in England and Wales: 106', async () => {
    const res = await post({
      force: WYP,
      submission: fullSubmission({
        ExternalId: 'a1b2c3d4-0000-4000-8000-000000000106',
        'Agent.Organisation': 'West Yorkshire Police',
        ComponentProstitution: 'Yes',
      }),
    }).expect(201);
    expect(res.body.record).toMatchObject({
      referralRef: 'a1b2c3d4-0000-4000-8000-000000000106',
      classification: { code: '106', rule: 'POLICE_REFERRAL_EW', crimeRequired: true },
      facts: { source: 'POLICE_REFERRAL', firstResponder: { type: 'POLICE', organisation: 'West Yorkshire Police' } },
    });
    expect(res.body.record.facts.exploitationTypes).toEqual(['LABOUR', 'SEXUAL', 'DOMESTIC_SERVITUDE', 'OTHER']);
  });

  it('a submission naming the owning force by its short name (WYP) is a police referral too, with no MS-13 finding', async () => {
    const ref = 'a1b2c3d4-0000-4000-8000-0000000000a1';
    const res = await post({ force: WYP, submission: fullSubmission({ ExternalId: ref, 'Agent.Organisation': 'WYP' }) }).expect(201);
    expect(res.body.record).toMatchObject({
      classification: { code: '106', rule: 'POLICE_REFERRAL_EW' },
      facts: { source: 'POLICE_REFERRAL', firstResponder: { type: 'POLICE', organisation: 'WYP' } },
    });
    const ms13 = await t.dataSource.query(`SELECT 1 FROM findings WHERE referral_ref = $1 AND check_id = 'MS-13'`, [ref]);
    expect(ms13).toEqual([]);
    // a council's social services are a local authority, which MS-13 takes as designated
    const council = 'a1b2c3d4-0000-4000-8000-0000000000a2';
    const la = await post({
      force: WYP,
      submission: fullSubmission({ ExternalId: council, 'Agent.Organisation': 'Leeds Social Services' }),
    }).expect(201);
    expect(la.body.record.facts.firstResponder).toEqual({ type: 'LOCAL_AUTHORITY', organisation: 'Leeds Social Services' });
    expect(await t.dataSource.query(`SELECT 1 FROM findings WHERE referral_ref = $1 AND check_id = 'MS-13'`, [council])).toEqual([]);
  });

  it('keeps none of the personal values anywhere in the database', async () => {
    const dump = (await dumpDatabase(t)).toLowerCase();
    expect(dump).toContain(EXTERNAL_ID); // the dump does hold the submissions, jsonb included
    expect(dump).toContain('the salvation army');
    const found = Object.entries(PERSONAL).filter(([, v]) => dump.includes(v.toLowerCase()));
    expect(found).toEqual([]);
    // And none of the free text around them.
    expect(dump).not.toContain('fourteen hours a day');
  });

  it('answers a replay of the same submission with 200 DUPLICATE and changes nothing (but the access log)', async () => {
    const before = await dumpDatabase(t, ['access_log']);
    const res = await post({ force: WYP, receivedAt: '2024-06-03T09:15:00+01:00', submission: fullSubmission() }).expect(200);
    expect(res.body).toMatchObject({
      eventId: `nrm-form:${WYP}:${EXTERNAL_ID}`,
      status: 'DUPLICATE',
      record: { classification: { code: 'N200/01' } },
    });
    expect(await dumpDatabase(t, ['access_log'])).toBe(before);
    // the answer showed the record as it is now: logged (docs/decisions.md, "The access log")
    const logged = await t.dataSource.query("SELECT records, query FROM access_log WHERE action = 'REPLAY_ANSWERED'");
    expect(logged).toEqual([{ records: [[WYP, EXTERNAL_ID]], query: { eventId: `nrm-form:${WYP}:${EXTERNAL_ID}` } }]);
  });

  it('answers the same ExternalId with different mapped content with 409', async () => {
    const res = await post({
      force: WYP,
      receivedAt: '2024-06-03T09:15:00+01:00',
      submission: fullSubmission({ NRMOrDuty: 'DTN' }),
    }).expect(409);
    expect(JSON.stringify(res.body)).not.toContain(PERSONAL.forename);
  });

  it('refuses a malformed submission with 400 naming each field, writing nothing and echoing no personal value', async () => {
    const before = await dumpDatabase(t);
    const res = await post({
      force: WYP,
      receivedAt: 'yesterday',
      submission: fullSubmission({
        ExternalId: undefined,
        NRMOrDuty: PERSONAL.forename,
        AdultOrChild: 'Teen',
        ExploitationLocationPresented: 'Mars',
        ComponentWagesTaken: 'sometimes',
        'Agent.Organisation': undefined,
        DateSubmitted: '31/02/2024',
      }),
    }).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'receivedAt',
      'submission.AdultOrChild',
      'submission.Agent.Organisation',
      'submission.ComponentWagesTaken',
      'submission.DateSubmitted',
      'submission.ExploitationLocationPresented',
      'submission.ExternalId',
      'submission.NRMOrDuty',
    ]);
    expect(JSON.stringify(res.body)).not.toContain(PERSONAL.forename);
    expect(await dumpDatabase(t)).toBe(before);
  });

  it('refuses a bad envelope with 400', async () => {
    const res = await post({ force: 'E99999999', submission: 'not an object', extra: true }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['extra', 'force', 'submission']);
    const missing = await post({ force: WYP }).expect(400);
    expect(missing.body.details).toEqual([{ field: 'submission', reason: 'is required' }]);
  });

  it('reports the wire contract limits against the submission fields', async () => {
    const res = await post({
      force: WYP,
      submission: fullSubmission({ ExternalId: 'x'.repeat(70), PoliceForceCRN: 'c'.repeat(65) }),
    }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['submission.ExternalId', 'submission.PoliceForceCRN']);
  });

  it('refuses a 500,000-character organisation of "(" with 400 before matching it against the forces', async () => {
    const before = await dumpDatabase(t);
    const res = await post({ force: WYP, submission: fullSubmission({ 'Agent.Organisation': '('.repeat(500_000) }) }).expect(400);
    expect(res.body.details).toEqual([{ field: 'submission.Agent.Organisation', reason: 'must be 1–200 characters long' }]);
    expect(await dumpDatabase(t)).toBe(before);
  });

  it.each<[string, Record<string, unknown>]>([
    ['referralRef', { referralRef: 'NRM-1\ud800' }],
    ['submission.ExternalId', { submission: fullSubmission({ ExternalId: 'a\ud800' }) }],
    ['submission.Agent.Organisation', { submission: fullSubmission({ 'Agent.Organisation': 'x\udfff' }) }],
    [
      'submission.Agent.Organisation',
      { submission: fullSubmission({ 'Agent.Organisation': undefined, Agent: { Organisation: '\udc00x' } }) },
    ],
    ['submission.PoliceForceCRN', { submission: fullSubmission({ PoliceForceCRN: '13\ud83d' }) }],
    ['submission.NRMOrDuty', { submission: fullSubmission({ NRMOrDuty: 'NRM\ud800' }) }],
    ['submission.DateSubmitted', { submission: fullSubmission({ DateSubmitted: '02/06/2024\udfff' }) }],
  ])('refuses an unpaired UTF-16 surrogate in %s with 400 naming it, writing nothing', async (field, body) => {
    const before = await dumpDatabase(t);
    const res = await post({ force: WYP, submission: fullSubmission(), ...body }).expect(400);
    expect(res.body.details).toEqual([{ field, reason: NOT_UNICODE }]);
    expect(await dumpDatabase(t)).toBe(before);
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['submission.DateSubmitted', '01/01/0000', { submission: fullSubmission({ DateSubmitted: '01/01/0000' }) }],
    ['submission.DateSubmitted', '0000-01-01', { submission: fullSubmission({ DateSubmitted: '0000-01-01' }) }],
    ['submission.DateSubmitted', '31/12/9999', { submission: fullSubmission({ DateSubmitted: '31/12/9999' }) }],
    ['submission.DateSubmitted', '9999-12-31T23:59', { submission: fullSubmission({ DateSubmitted: '9999-12-31T23:59' }) }],
    [
      'receivedAt',
      '0000-01-01T00:00:00Z',
      { receivedAt: '0000-01-01T00:00:00Z', submission: fullSubmission({ DateSubmitted: undefined }) },
    ],
    [
      'receivedAt',
      '9999-12-31T00:00:00Z',
      { receivedAt: '9999-12-31T00:00:00Z', submission: fullSubmission({ DateSubmitted: undefined }) },
    ],
    ['receivedAt', '9999-12-31T23:59:59-23:59', { receivedAt: '9999-12-31T23:59:59-23:59' }],
  ])('refuses %s %s (outside the years 1900–2999) with 400 naming it once, writing nothing', async (field, _value, body) => {
    const before = await dumpDatabase(t);
    const res = await post({ force: WYP, submission: fullSubmission(), ...body }).expect(400);
    expect(res.body.details).toEqual([{ field, reason: OUT_OF_YEARS }]);
    expect(await dumpDatabase(t)).toBe(before);
  });

  it('refuses an unknown envelope key holding an unpaired surrogate with 400, naming it', async () => {
    const res = await post({ force: WYP, submission: fullSubmission(), 'k\ud800': 1 }).expect(400);
    expect(res.body.details).toEqual([{ field: 'k\ud800', reason: 'is not allowed' }]);
  });

  it('refuses a submission for a force outside the token with 403, writing nothing', async () => {
    const before = await dumpDatabase(t);
    const res = await post({ force: 'E23000005', submission: fullSubmission({ ExternalId: 'other-force-0001' }) }).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'FORCE_FORBIDDEN' });
    expect(await dumpDatabase(t)).toBe(before);
  });

  it('needs the recorder role', async () => {
    const auditor = await t.token('auditor', WYP);
    await post({ force: WYP, submission: fullSubmission({ ExternalId: 'auditor-0001' }) }, auditor).expect(403);
    await t.http.post('/v1/nrm-form-submissions').send({ force: WYP, submission: fullSubmission() }).expect(401);
  });

  it('records a DtN for another force when the token covers it, with referralRef given', async () => {
    const multi = await t.token('recorder', [WYP, 'E23000005']);
    const res = await post(
      {
        force: 'E23000005',
        referralRef: 'DTN-2024-000777',
        submission: fullSubmission({ NRMOrDuty: 'Duty to Notify', 'Agent.Organisation': 'Home Office - Immigration Enforcement' }),
      },
      multi,
    ).expect(201);
    expect(res.body.eventId).toBe(`nrm-form:E23000005:${EXTERNAL_ID}`);
    expect(res.body.record).toMatchObject({
      force: 'E23000005',
      referralRef: 'DTN-2024-000777',
      referralType: 'DTN',
      classification: { code: 'N200/03', rule: 'DTN_ONLY' },
      facts: { source: 'COMPETENT_AUTHORITY', firstResponder: { type: 'GOVERNMENT_AGENCY' }, victim: { consentToNrm: false } },
    });
  });
});
