// The NRM digital referral form adapter (SPEC §4): the casework JSON the Home Office form service sends
// to the competent authority's case system, mapped to a wire-contract REFERRAL_RECEIVED event.
//
// Pure: no Nest, no I/O, no clock (the caller passes `now`). Every interpretation is an entry in
// docs/decisions.md ("NRM form adapter"), cited here as [NRM-n].
//
// Minimal personal data: the mapper READS only the fields in READ_FIELDS and builds the event from
// scratch, so names, addresses, contacts, dates of birth, nationality, VictimAccount and every other
// free-text field never reach the event, the database or an error message (error reasons never echo a
// submitted value).
import { namesKindOf } from '../../hocr/checks/first-responders';
import { FORCE_SHORT_NAMES, FORCES, forceByCode, isForceCode } from '../../hocr/forces';
import { isIsoDate, isIsoDateTime } from '../../hocr/iso';
import { londonDate } from '../../hocr/time';
import { LIMITS, NOT_UNICODE, OUT_OF_YEARS, lengthReason, wireDateVerdict } from '../../hocr/validate-event';
import type { ExploitationLocation, ExploitationType, FirstResponderType } from '../../hocr/event-types';

export interface NrmFormFieldError {
  readonly field: string;
  readonly reason: string;
}

export interface NrmFormInput {
  readonly force?: unknown;
  readonly receivedAt?: unknown;
  readonly referralRef?: unknown;
  readonly submission?: unknown;
}

export type NrmFormMapResult =
  | {
      ok: true;
      /** A wire-contract REFERRAL_RECEIVED object, to be passed to validateEvent. */
      event: Record<string, unknown>;
      /** For each event field the mapper filled, the request field it came from (error reporting). */
      sources: Readonly<Record<string, string>>;
    }
  | { ok: false; errors: NrmFormFieldError[] };

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The top-level request keys; anything else is refused (a typo must not silently drop data). */
export const ENVELOPE_KEYS = ['force', 'receivedAt', 'referralRef', 'submission'] as const;

/** The event id prefix: `nrm-form:<force>:<ExternalId>` [NRM-9]. */
export const EVENT_ID_PREFIX = 'nrm-form';

// ---------------------------------------------------------------------------------------------------
// Exploitation flags [NRM-5]. Keys are matched case-insensitively; the first group holds the names the
// live form sends (UKHomeOffice modern-slavery casework mapping), the rest are accepted synonyms.
// ---------------------------------------------------------------------------------------------------
export const COMPONENT_FLAGS: Readonly<Record<string, ExploitationType>> = {
  // forced work and wages taken → LABOUR
  ComponentForcedToWorkForNothing: 'LABOUR',
  ComponentWagesTaken: 'LABOUR',
  ComponentForcedWork: 'LABOUR',
  ComponentForcedLabour: 'LABOUR',
  // prostitution and sexual → SEXUAL
  ComponentProstitution: 'SEXUAL',
  ComponentSexuallyAssaulted: 'SEXUAL',
  ComponentSexualExploitation: 'SEXUAL',
  // forced crime and fraud → CRIMINAL
  ComponentForcedCrime: 'CRIMINAL',
  ComponentForcedCriminality: 'CRIMINAL',
  ComponentFraud: 'CRIMINAL',
  ComponentFinancialFraud: 'CRIMINAL',
  // domestic servitude
  ComponentDomesticServitude: 'DOMESTIC_SERVITUDE',
  // organs
  ComponentOrgansRemoved: 'ORGAN_HARVESTING',
  ComponentOrganHarvesting: 'ORGAN_HARVESTING',
  // child exploitation and other → OTHER
  ComponentChildExploitation: 'OTHER',
  ComponentOther: 'OTHER',
};
const FLAG_BY_KEY: ReadonlyMap<string, ExploitationType> = new Map(Object.entries(COMPONENT_FLAGS).map(([k, v]) => [k.toLowerCase(), v]));

/** The form's free-text "other exploitation" field: its presence means OTHER; its text is dropped. */
const EXPLOITATION_OTHER_TEXT = 'ExploitationOther';

/** Fields the submission may carry the referral date in, in order of preference [NRM-8]. */
export const SUBMITTED_DATE_FIELDS = ['DateSubmitted', 'SubmissionDate', 'SubmittedDate'] as const;

/** The only submission fields the mapper reads (documentation; the rest are never touched). */
export const READ_FIELDS = [
  'ExternalId',
  'NRMOrDuty',
  'AdultOrChild',
  'AgeDisputed',
  'ExploitationLocationPresented',
  EXPLOITATION_OTHER_TEXT,
  'Component* (see COMPONENT_FLAGS)',
  'Agent.Organisation',
  'PoliceForceCRN',
  'PoliceForce (compared with the owning force, never stored)',
  ...SUBMITTED_DATE_FIELDS,
] as const;

const TRUTHY = new Set(['true', 'yes', 'y', '1']);
const FALSY = new Set(['false', 'no', 'n', '0', '']);
const FLAG_REASON = 'must be a yes/no flag (true, false, "Yes", "No", "Y", "N", 1 or 0)';

/** true / false for a recognised flag value, undefined when absent, null when not a flag. */
export function flagValue(v: unknown): boolean | undefined | null {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (TRUTHY.has(s)) return true;
    if (FALSY.has(s)) return false;
  }
  return null;
}

/** Lower case, letters and digits only: "Duty to Notify" → "dutytonotify". */
const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A word table's own entry, never an inherited one ("constructor" is no answer the form gives). */
function lookup<T>(table: Readonly<Record<string, T>>, word: string): T | undefined {
  const key = squash(word);
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

// [NRM-2] NRMOrDuty. "Yes"/"No" is the answer to "does the PV want to enter the NRM?" in older builds.
const REFERRAL_TYPE_WORDS: Readonly<Record<string, 'NRM' | 'DTN'>> = {
  nrm: 'NRM',
  nationalreferralmechanism: 'NRM',
  yes: 'NRM',
  dtn: 'DTN',
  duty: 'DTN',
  dutytonotify: 'DTN',
  dutytonotifyonly: 'DTN',
  no: 'DTN',
};

// [NRM-3] AdultOrChild. The form writes Adult, Child or Unknown (the first responder answered "not sure").
const AGE_WORDS: Readonly<Record<string, { ageGroup: 'ADULT' | 'CHILD' | 'UNKNOWN'; disputed: boolean }>> = {
  adult: { ageGroup: 'ADULT', disputed: false },
  child: { ageGroup: 'CHILD', disputed: false },
  unknown: { ageGroup: 'UNKNOWN', disputed: true },
  notsure: { ageGroup: 'UNKNOWN', disputed: true },
  notknown: { ageGroup: 'UNKNOWN', disputed: true },
  disputed: { ageGroup: 'UNKNOWN', disputed: true },
  agedisputed: { ageGroup: 'UNKNOWN', disputed: true },
};

// [NRM-4] ExploitationLocationPresented.
const LOCATION_WORDS: Readonly<Record<string, ExploitationLocation>> = {
  uk: 'UK',
  overseas: 'OVERSEAS',
  both: 'BOTH',
  ukandoverseas: 'BOTH',
  overseasanduk: 'BOTH',
  unknown: 'UNKNOWN',
  notknown: 'UNKNOWN',
};

// ---------------------------------------------------------------------------------------------------
// Organisations [NRM-6, NRM-7]
// ---------------------------------------------------------------------------------------------------

/**
 * Each "(" up to the first ")" after it replaced by a space, as `/\([^)]*\)/g` would, but in one pass: that
 * regular expression rescans to the end of the string from every unclosed "(" (quadratic: 50,000 "(" held the
 * event loop for 14 s).
 */
function dropBracketed(s: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = s.indexOf('(', from);
    if (open < 0) break;
    const close = s.indexOf(')', open + 1);
    if (close < 0) break; // no ")" after this "(" means none after any later "(" either
    out += `${s.slice(from, open)} `;
    from = close + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

/** "The  West-Yorkshire Police (WYP)" → "west yorkshire police". */
export function normaliseOrganisation(name: string): string {
  return dropBracketed(name.toLowerCase())
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

const POLICE_SUFFIX = / (police service|police force|police|constabulary)$/;

/** A force name without its "Police"/"Constabulary" suffix, or null when it has none. */
function policeCore(normalised: string): string | null {
  const m = POLICE_SUFFIX.exec(normalised);
  return m ? normalised.slice(0, m.index) : null;
}

const FORCE_KEYS = FORCES.map((f) => {
  const full = normaliseOrganisation(f.name);
  return { code: f.code as string, full, core: policeCore(full) };
});

// A separator is a dash or bar with white space either side. The look-behind starts a match only where a run
// of white space starts: without it every position of a long run was tried and each rescanned the run to its
// end (quadratic). The matches, hence the parts, are the same: a match inside a run also matches from its start.
export const PART_SEPARATOR = /(?<!\s)\s+[-–—|]\s+/;

/**
 * The organisation and each part of it separated by " - ", " | " or a comma ("West Yorkshire Police -
 * Safeguarding", "West Yorkshire Police, Leeds District").
 */
function organisationParts(organisation: string): string[] {
  const parts = organisation
    .split(PART_SEPARATOR)
    .flatMap((part) => part.split(','))
    .map(normaliseOrganisation);
  return [normaliseOrganisation(organisation), ...parts].filter((p) => p.length > 0);
}

const FORCE_BY_SHORT_NAME: ReadonlyMap<string, string> = new Map(
  Object.entries(FORCE_SHORT_NAMES).flatMap(([code, names]) => names.map((n) => [n, code] as const)),
);

/**
 * The code of the force an organisation names, or undefined. Case, spacing, punctuation, "&" and a
 * leading "The" are ignored, and "Police", "Constabulary" and "Police Service" are interchangeable
 * ("Avon and Somerset Police" is Avon and Somerset Constabulary). A part that is a force's short name
 * alone ("WYP", "Met Police": FORCE_SHORT_NAMES) names that force.
 */
export function forceNamedBy(organisation: string): string | undefined {
  for (const part of organisationParts(organisation)) {
    const short = FORCE_BY_SHORT_NAME.get(part);
    if (short !== undefined) return short;
    const core = policeCore(part);
    for (const f of FORCE_KEYS) {
      if (part === f.full) return f.code;
      if (core !== null && f.core !== null && core === f.core) return f.code;
    }
  }
  return undefined;
}

/** Whether `organisation` names the force `forceCode` (the owning force → POLICE_REFERRAL). */
export function isOwningForce(organisation: string, forceCode: string): boolean {
  return forceByCode(forceCode) !== undefined && forceNamedBy(organisation) === forceCode;
}

const POLICE_RE = /\b(police|constabulary|psni)\b/;
// First responder NGOs whose names would otherwise read as something else ("Refugee Council").
const NGO_RE = /\b(refugee council|salvation army|migrant help|barnardo ?s|nspcc|unseen|kalayaan|medaille trust|bawso|new pathways|tara)\b/;
const GOVERNMENT_RE =
  /\b(home office|ukvi|uk visas and immigration|border force|ukbf|immigration enforcement|hoie|nca|national crime agency|ukhtc|uk human trafficking centre|glaa|gangmasters and labour abuse authority)\b/;

/** The first responder type an organisation name suggests (SPEC §4 `firstResponder.type`) [NRM-6]. */
export function firstResponderType(organisation: string): FirstResponderType {
  const n = normaliseOrganisation(organisation);
  if (forceNamedBy(organisation) !== undefined || POLICE_RE.test(n)) return 'POLICE';
  if (NGO_RE.test(n)) return 'NGO';
  if (GOVERNMENT_RE.test(n)) return 'GOVERNMENT_AGENCY';
  // the words MS-13 reads as a local authority, so that the type given here is one MS-13 accepts
  if (namesKindOf(organisation, 'LOCAL_AUTHORITY')) return 'LOCAL_AUTHORITY';
  return 'NGO';
}

// ---------------------------------------------------------------------------------------------------
// The mapper
// ---------------------------------------------------------------------------------------------------

const REQUIRED = 'is required';

/** A non-blank trimmed string, undefined when absent/empty, null when not a string. */
function text(v: unknown): string | undefined | null {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s.length === 0 ? undefined : s;
}

const DMY_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const LOCAL_DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** The form's submitted date as a wire `occurredAt`, or null when it does not parse [NRM-8]. */
export function submittedDate(value: string): string | null {
  if (isIsoDate(value) || isIsoDateTime(value)) return value;
  const local = LOCAL_DATE_TIME_RE.exec(value);
  if (local) return isIsoDate(local[1]) ? local[1] : null; // no offset: a London wall-clock time → its date
  const dmy = DMY_RE.exec(value);
  if (dmy) {
    const iso = `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : null;
  }
  return null;
}

/**
 * Map one `POST /v1/nrm-form-submissions` body to a REFERRAL_RECEIVED wire event. Every problem is
 * reported with the request path of the field (`force`, `submission.NRMOrDuty`, ...). `now` is the
 * service's receipt time, the last fallback for `occurredAt` [NRM-8].
 */
export function mapNrmFormSubmission(input: unknown, now: Date = new Date()): NrmFormMapResult {
  if (!isObj(input))
    return { ok: false, errors: [{ field: 'body', reason: 'must be an object { force, receivedAt?, referralRef?, submission }' }] };
  const errors: NrmFormFieldError[] = [];
  const failed = new Set<string>();
  // One reason per field, the first found (an unpaired surrogate, say, not also "must be NRM or DTN").
  const fail = (field: string, reason: string): undefined => {
    if (!failed.has(field)) errors.push({ field, reason });
    failed.add(field);
    return undefined;
  };
  // Every text field the mapper reads must be well-formed Unicode, whether it is stored or only interpreted.
  const read = (v: unknown, field: string): string | undefined | null => {
    const t = text(v);
    if (typeof t === 'string' && !t.isWellFormed()) fail(field, NOT_UNICODE);
    return t;
  };
  const sources: Record<string, string> = {};

  for (const key of Object.keys(input)) {
    if (!(ENVELOPE_KEYS as readonly string[]).includes(key)) fail(key, 'is not allowed');
  }

  // Envelope.
  let force: string | undefined;
  if (input.force === undefined || input.force === null) fail('force', REQUIRED);
  else if (!isForceCode(input.force)) fail('force', 'unknown force: expected an ONS police force area code (e.g. E23000010) or BTP');
  else force = input.force;

  let receivedAt: string | undefined;
  if (input.receivedAt !== undefined && input.receivedAt !== null) {
    const verdict = typeof input.receivedAt === 'string' ? wireDateVerdict(input.receivedAt, false) : 'malformed';
    if (verdict === 'malformed') fail('receivedAt', 'must be a real ISO 8601 date-time with offset (Z or ±hh:mm)');
    else if (verdict === 'out-of-years') fail('receivedAt', OUT_OF_YEARS);
    else receivedAt = input.receivedAt as string;
  }

  const envelopeRef = read(input.referralRef, 'referralRef');
  if (envelopeRef === null) fail('referralRef', 'must be a string');

  const s = input.submission;
  if (s === undefined || s === null) {
    fail('submission', REQUIRED);
    return { ok: false, errors };
  }
  if (!isObj(s)) {
    fail('submission', 'must be an object (the form casework JSON)');
    return { ok: false, errors };
  }

  // Identity [NRM-9]: referralRef defaults to ExternalId; the event id comes from ExternalId.
  const externalId = read(s.ExternalId, 'submission.ExternalId');
  if (externalId === null) fail('submission.ExternalId', 'must be a string');
  if (externalId === undefined && (envelopeRef === undefined || envelopeRef === null)) {
    fail('submission.ExternalId', 'is required (or give referralRef)');
  }
  const referralRef = typeof envelopeRef === 'string' ? envelopeRef : typeof externalId === 'string' ? externalId : undefined;
  sources.referralRef = typeof envelopeRef === 'string' ? 'referralRef' : 'submission.ExternalId';
  const idPart = typeof externalId === 'string' ? externalId : referralRef;
  sources.eventId = typeof externalId === 'string' ? 'submission.ExternalId' : 'referralRef';
  sources.force = 'force';
  sources.receivedAt = 'receivedAt';
  // The event id is nrm-form:<force>:<id>, at most LIMITS.eventId: the room left for the id depends on the force.
  if (force !== undefined && typeof idPart === 'string' && idPart.isWellFormed()) {
    const room = LIMITS.eventId - `${EVENT_ID_PREFIX}:${force}:`.length;
    if (idPart.length > room) {
      fail(
        sources.eventId,
        `must be at most ${room} characters for this force (the event id ${EVENT_ID_PREFIX}:${force}:<it> is at most ${LIMITS.eventId})`,
      );
    }
  }

  // NRMOrDuty [NRM-2].
  let referralType: 'NRM' | 'DTN' | undefined;
  const nrmOrDuty = read(s.NRMOrDuty, 'submission.NRMOrDuty');
  if (nrmOrDuty === undefined) fail('submission.NRMOrDuty', REQUIRED);
  else if (nrmOrDuty === null || lookup(REFERRAL_TYPE_WORDS, nrmOrDuty) === undefined) {
    fail('submission.NRMOrDuty', 'must be NRM or DTN ("Duty to Notify")');
  } else referralType = lookup(REFERRAL_TYPE_WORDS, nrmOrDuty);

  // AdultOrChild [NRM-3]; AdultOrChildDuringExploitation is not read.
  let ageGroup: 'ADULT' | 'CHILD' | 'UNKNOWN' = 'UNKNOWN';
  let ageDisputed = false;
  const adultOrChild = read(s.AdultOrChild, 'submission.AdultOrChild');
  if (adultOrChild === null || (adultOrChild !== undefined && lookup(AGE_WORDS, adultOrChild) === undefined)) {
    fail('submission.AdultOrChild', 'must be Adult, Child or Unknown');
  } else if (adultOrChild !== undefined) {
    ({ ageGroup, disputed: ageDisputed } = lookup(AGE_WORDS, adultOrChild)!);
  }
  const disputedFlag = flagValue(s.AgeDisputed);
  if (disputedFlag === null) fail('submission.AgeDisputed', FLAG_REASON);
  else if (disputedFlag === true) ageDisputed = true;

  // ExploitationLocationPresented [NRM-4].
  let exploitationLocation: ExploitationLocation = 'UNKNOWN';
  const location = read(s.ExploitationLocationPresented, 'submission.ExploitationLocationPresented');
  if (location === null || (location !== undefined && lookup(LOCATION_WORDS, location) === undefined)) {
    fail('submission.ExploitationLocationPresented', 'must be UK, Overseas or Both ("UK and overseas")');
  } else if (location !== undefined) exploitationLocation = lookup(LOCATION_WORDS, location)!;

  // Component* flags [NRM-5].
  const types = new Set<ExploitationType>();
  for (const [key, value] of Object.entries(s)) {
    if (!/^component/i.test(key)) continue;
    const flag = flagValue(value);
    if (flag === null) fail(`submission.${key}`, FLAG_REASON);
    else if (flag === true) types.add(FLAG_BY_KEY.get(key.toLowerCase()) ?? 'OTHER');
  }
  const otherText = s[EXPLOITATION_OTHER_TEXT];
  if (typeof otherText === 'string' ? otherText.trim().length > 0 : flagValue(otherText) === true) types.add('OTHER');
  const exploitationTypes: ExploitationType[] = types.size > 0 ? [...types] : ['NOT_SPECIFIED'];

  // Agent.Organisation: the form sends a flat "Agent.Organisation" key; a nested Agent object is accepted.
  const agent = s.Agent;
  const rawOrg =
    s['Agent.Organisation'] !== undefined && s['Agent.Organisation'] !== null
      ? s['Agent.Organisation']
      : isObj(agent)
        ? agent.Organisation
        : undefined;
  const organisation = read(rawOrg, 'submission.Agent.Organisation');
  if (organisation === undefined) fail('submission.Agent.Organisation', REQUIRED);
  else if (organisation === null) fail('submission.Agent.Organisation', 'must be a string');
  // Checked here, not only by validateEvent afterwards: the name is matched against the forces and the first
  // responder words below, and no text of unbounded length is given to that matching.
  else if (organisation.length > LIMITS.organisation) fail('submission.Agent.Organisation', lengthReason(LIMITS.organisation));
  sources['firstResponder.organisation'] = 'submission.Agent.Organisation';

  // PoliceForceCRN: the form sends "" when none.
  const crn = read(s.PoliceForceCRN, 'submission.PoliceForceCRN');
  if (crn === null) fail('submission.PoliceForceCRN', 'must be a string');
  sources.crimeReference = 'submission.PoliceForceCRN';

  // occurredAt [NRM-8]: the form's submitted date, else receivedAt, else the service's London date.
  let occurredAt: string | undefined;
  for (const key of SUBMITTED_DATE_FIELDS) {
    const v = read(s[key], `submission.${key}`);
    if (v === undefined) continue;
    const parsed = v === null ? null : submittedDate(v);
    if (parsed === null) fail(`submission.${key}`, 'must be a date (YYYY-MM-DD or DD/MM/YYYY) or an ISO 8601 date-time');
    else if (wireDateVerdict(parsed, true) !== 'ok') fail(`submission.${key}`, OUT_OF_YEARS);
    else occurredAt = parsed;
    sources.occurredAt = `submission.${key}`;
    break;
  }
  if (sources.occurredAt === undefined) {
    occurredAt = receivedAt ?? londonDate(now);
    sources.occurredAt = receivedAt !== undefined ? 'receivedAt' : 'submission.DateSubmitted';
  }

  if (errors.length > 0) return { ok: false, errors };

  const org = organisation as string;
  const ownForce = force !== undefined && isOwningForce(org, force);
  const victim: Obj = { ageGroup, ageDisputed };
  // [NRM-3] consent: an NRM referral of an adult (or of unknown age) is made with consent; a DtN is
  // made because consent was refused; a child's consent is not needed, so it is not recorded.
  if (ageGroup !== 'CHILD' && referralType !== undefined) victim.consentToNrm = referralType === 'NRM';

  const event: Obj = {
    eventId: `${EVENT_ID_PREFIX}:${force}:${idPart}`,
    type: 'REFERRAL_RECEIVED',
    force,
    referralRef,
    occurredAt,
    referralType,
    source: ownForce ? 'POLICE_REFERRAL' : 'COMPETENT_AUTHORITY',
    firstResponder: { type: ownForce ? 'POLICE' : firstResponderType(org), organisation: org },
    victim,
    exploitationTypes,
    exploitationLocation,
  };
  if (receivedAt !== undefined) event.receivedAt = receivedAt;
  // [NRM-11] PoliceForceCRN is the reference of the force the form names in PoliceForce: another force's
  // reference is not this record's crime reference (a string that names no force changes nothing)
  const crnForce = typeof s.PoliceForce === 'string' ? forceNamedBy(s.PoliceForce) : undefined;
  if (typeof crn === 'string' && (crnForce === undefined || crnForce === force)) event.crimeReference = crn;
  return { ok: true, event, sources };
}
