// Hand-written validator for the v1 wire contract (SPEC §4). It is on the hot path of bulk ingest
// (1,000 events a batch), so: no schema objects built per call, one pass, and every bad field
// reported with its path. Unknown fields are dropped, never copied (SPEC §4 minimal personal data).
import { isForceCode, type ForceCode } from './forces';
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
  defaultCriminalityLocation,
  type ExploitationLocation,
  type ExploitationType,
  type HocrEvent,
  type HocrEventType,
} from './event-types';
import { YEARS_ACCEPTED, isAcceptedInstant, isAcceptedYear, parseIsoDate, parseIsoDateTime } from './iso';

export interface FieldError {
  readonly field: string;
  readonly reason: string;
}

export type ValidationResult = { ok: true; event: HocrEvent } | { ok: false; errors: FieldError[] };

type Obj = Record<string, unknown>;

// Enum checkers built once at module load; reasons are precomputed strings.
interface Enum<T extends string> {
  readonly values: ReadonlySet<string>;
  readonly reason: string;
  readonly order: readonly T[];
}
function enumOf<T extends string>(values: readonly T[]): Enum<T> {
  return { values: new Set(values), reason: `must be one of ${values.join(', ')}`, order: values };
}
const E = {
  type: enumOf(EVENT_TYPES),
  referralType: enumOf(REFERRAL_TYPES),
  source: enumOf(REFERRAL_SOURCES),
  firstResponderType: enumOf(FIRST_RESPONDER_TYPES),
  ageGroup: enumOf(AGE_GROUPS),
  exploitationType: enumOf(EXPLOITATION_TYPES),
  exploitationLocation: enumOf(EXPLOITATION_LOCATIONS),
  criminalityLocation: enumOf(CRIMINALITY_LOCATIONS),
  outcome: enumOf(DECISION_OUTCOMES),
  decisionMaker: enumOf(DECISION_MAKERS),
  offence: enumOf(OFFENCES),
  cancellationReason: enumOf(CANCELLATION_REASONS),
};

const REQUIRED = 'is required';
const UNKNOWN_FORCE = 'unknown force: expected an ONS police force area code (e.g. E23000010) or BTP';
const OCCURRED_AT = 'must be a real ISO 8601 date (YYYY-MM-DD) or date-time with offset (Z or ±hh:mm)';
const DATE_TIME = 'must be a real ISO 8601 date-time with offset (Z or ±hh:mm)';
/** A date or date-time outside the years the service accepts (docs/decisions.md, "Dates on the wire are in the years 1900–2999"). */
export const OUT_OF_YEARS = `must be in ${YEARS_ACCEPTED}`;

/**
 * Whether an ISO date or date-time on the wire is well formed (the first answer) and in the accepted years (the
 * second): a date by its own year, a date-time by the year of its instant in UTC.
 */
export function wireDateVerdict(value: string, dateAllowed: boolean): 'ok' | 'malformed' | 'out-of-years' {
  if (dateAllowed && value.length === 10) {
    const d = parseIsoDate(value);
    return d === null ? 'malformed' : isAcceptedYear(d.year) ? 'ok' : 'out-of-years';
  }
  const ms = parseIsoDateTime(value);
  return ms === null ? 'malformed' : isAcceptedInstant(ms) ? 'ok' : 'out-of-years';
}

// Limits the SPEC does not give are docs/decisions.md (HOCR domain) entries; keep them here in one place.
export const LIMITS = {
  eventId: 128,
  referralRef: 64,
  organisation: 200,
  crimeReference: 64,
  authorisedBy: 128,
  /**
   * Entries of `exploitationTypes`, duplicates included (they collapse): twice the types there are. Each bad
   * entry is one problem reported, so an unbounded list let a 1 MB body ask for a 74 MB answer.
   */
  exploitationTypes: 2 * EXPLOITATION_TYPES.length,
} as const;

/**
 * The reason given for a string holding a lone UTF-16 surrogate (JSON's "\ud800" escape with no partner): no
 * character at all, and PostgreSQL refuses it in jsonb and text, so it is refused here, never stored
 * (docs/decisions.md, "Text on the wire is well-formed Unicode").
 */
export const NOT_UNICODE = 'must be valid Unicode text (it holds an unpaired UTF-16 surrogate)';

/** The reason given for a string outside 1 to `max` characters. */
export const lengthReason = (max: number): string => `must be 1–${max} characters long`;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects errors; a field is "absent" when missing or null (JSON senders write null for none). */
class Checker {
  readonly errors: FieldError[] = [];

  fail(field: string, reason: string): undefined {
    this.errors.push({ field, reason });
    return undefined;
  }

  string(o: Obj, key: string, path: string, max: number, required: boolean): string | undefined {
    const v = o[key];
    if (v === undefined || v === null) return required ? this.fail(path, REQUIRED) : undefined;
    if (typeof v !== 'string') return this.fail(path, `must be a string of 1–${max} characters`);
    if (v.length < 1 || v.length > max) return this.fail(path, lengthReason(max));
    if (v.trim().length === 0) return this.fail(path, 'must not be blank');
    // PostgreSQL text and jsonb cannot hold U+0000 (and a SQL message would end at it)
    if (v.includes('\0')) return this.fail(path, 'must not contain the character U+0000');
    if (!v.isWellFormed()) return this.fail(path, NOT_UNICODE);
    return v;
  }

  enumValue<T extends string>(o: Obj, key: string, path: string, e: Enum<T>, required: boolean): T | undefined {
    const v = o[key];
    if (v === undefined || v === null) return required ? this.fail(path, REQUIRED) : undefined;
    if (typeof v !== 'string' || !e.values.has(v)) return this.fail(path, e.reason);
    return v as T;
  }

  boolean(o: Obj, key: string, path: string, required: boolean): boolean | undefined {
    const v = o[key];
    if (v === undefined || v === null) return required ? this.fail(path, REQUIRED) : undefined;
    if (typeof v !== 'boolean') return this.fail(path, 'must be a boolean');
    return v;
  }

  dateTime(o: Obj, key: string, path: string, required: boolean): string | undefined {
    const v = o[key];
    if (v === undefined || v === null) return required ? this.fail(path, REQUIRED) : undefined;
    const verdict = typeof v === 'string' ? wireDateVerdict(v, false) : 'malformed';
    if (verdict === 'malformed') return this.fail(path, DATE_TIME);
    if (verdict === 'out-of-years') return this.fail(path, OUT_OF_YEARS);
    return v as string;
  }

  object(o: Obj, key: string, path: string): Obj | undefined {
    const v = o[key];
    if (v === undefined || v === null) return this.fail(path, REQUIRED);
    if (!isObj(v)) return this.fail(path, 'must be an object');
    return v;
  }
}

function occurredAt(c: Checker, o: Obj): string | undefined {
  const v = o.occurredAt;
  if (v === undefined || v === null) return c.fail('occurredAt', REQUIRED);
  const verdict = typeof v === 'string' ? wireDateVerdict(v, true) : 'malformed';
  if (verdict === 'malformed') return c.fail('occurredAt', OCCURRED_AT);
  if (verdict === 'out-of-years') return c.fail('occurredAt', OUT_OF_YEARS);
  return v as string;
}

function force(c: Checker, o: Obj, key: string): ForceCode | undefined {
  const v = o[key];
  if (v === undefined || v === null) return c.fail(key, REQUIRED);
  if (!isForceCode(v)) return c.fail(key, UNKNOWN_FORCE);
  return v;
}

function exploitationTypes(c: Checker, o: Obj): ExploitationType[] | undefined {
  const v = o.exploitationTypes;
  if (v === undefined || v === null) return c.fail('exploitationTypes', REQUIRED);
  if (!Array.isArray(v)) return c.fail('exploitationTypes', 'must be an array');
  if (v.length === 0) return c.fail('exploitationTypes', 'must name at least one type (NOT_SPECIFIED if none)');
  if (v.length > LIMITS.exploitationTypes) return c.fail('exploitationTypes', `must name at most ${LIMITS.exploitationTypes} types`);
  let bad = false;
  const seen = new Set<string>();
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    if (typeof item !== 'string' || !E.exploitationType.values.has(item)) {
      c.fail(`exploitationTypes[${i}]`, E.exploitationType.reason);
      bad = true;
    } else seen.add(item);
  }
  if (bad) return undefined;
  // Set semantics: duplicates collapse and order is canonical, so equal content hashes equally.
  return EXPLOITATION_TYPES.filter((t) => seen.has(t));
}

/** The SPEC §4 validator: every bad field is reported; the normalised event holds contract fields only. */
export function validateEvent(input: unknown): ValidationResult {
  if (!isObj(input)) return { ok: false, errors: [{ field: '$', reason: 'must be a JSON object' }] };
  const c = new Checker();
  const o = input;

  const eventId = c.string(o, 'eventId', 'eventId', LIMITS.eventId, true);
  const type = c.enumValue<HocrEventType>(o, 'type', 'type', E.type, true);
  const forceCode = force(c, o, 'force');
  const referralRef = c.string(o, 'referralRef', 'referralRef', LIMITS.referralRef, true);
  const occurred = occurredAt(c, o);
  const receivedAt = c.dateTime(o, 'receivedAt', 'receivedAt', false);

  // Built in a fixed key order so JSON.stringify of equal content is equal (canonicalJson sorts too).
  const base: Obj = { eventId, type, force: forceCode, referralRef, occurredAt: occurred };
  if (receivedAt !== undefined) base.receivedAt = receivedAt;

  if (type !== 'REFERRAL_RECEIVED' && type !== undefined && o.recordedAt !== undefined && o.recordedAt !== null) {
    c.fail('recordedAt', 'only allowed on REFERRAL_RECEIVED');
  }
  if (type !== undefined) TYPE_FIELDS[type](c, o, base, forceCode);

  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return { ok: true, event: base as unknown as HocrEvent };
}

type TypeFields = (c: Checker, o: Obj, out: Obj, owner: ForceCode | undefined) => void;

function decision(c: Checker, o: Obj, out: Obj): void {
  out.outcome = c.enumValue(o, 'outcome', 'outcome', E.outcome, true);
  out.decisionMaker = c.enumValue(o, 'decisionMaker', 'decisionMaker', E.decisionMaker, true);
  out.reconsideration = c.boolean(o, 'reconsideration', 'reconsideration', false) ?? false;
}

const TYPE_FIELDS: Readonly<Record<HocrEventType, TypeFields>> = {
  REFERRAL_RECEIVED(c, o, out) {
    out.referralType = c.enumValue(o, 'referralType', 'referralType', E.referralType, true);
    out.source = c.enumValue(o, 'source', 'source', E.source, true);
    const fr = c.object(o, 'firstResponder', 'firstResponder');
    if (fr) {
      out.firstResponder = {
        type: c.enumValue(fr, 'type', 'firstResponder.type', E.firstResponderType, true),
        organisation: c.string(fr, 'organisation', 'firstResponder.organisation', LIMITS.organisation, true),
      };
    }
    const victim = c.object(o, 'victim', 'victim');
    if (victim) {
      const v: Obj = {
        ageGroup: c.enumValue(victim, 'ageGroup', 'victim.ageGroup', E.ageGroup, true),
        ageDisputed: c.boolean(victim, 'ageDisputed', 'victim.ageDisputed', true),
      };
      const consent = c.boolean(victim, 'consentToNrm', 'victim.consentToNrm', false);
      if (consent !== undefined) v.consentToNrm = consent;
      out.victim = v;
    }
    out.exploitationTypes = exploitationTypes(c, o);
    const exLoc = c.enumValue<ExploitationLocation>(o, 'exploitationLocation', 'exploitationLocation', E.exploitationLocation, true);
    out.exploitationLocation = exLoc;
    const crimLoc = c.enumValue(o, 'criminalityLocation', 'criminalityLocation', E.criminalityLocation, false);
    out.criminalityLocation = crimLoc ?? (exLoc === undefined ? undefined : defaultCriminalityLocation(exLoc));
    const crn = c.string(o, 'crimeReference', 'crimeReference', LIMITS.crimeReference, false);
    if (crn !== undefined) out.crimeReference = crn;
    const recordedAt = c.dateTime(o, 'recordedAt', 'recordedAt', false);
    if (recordedAt !== undefined) out.recordedAt = recordedAt;
  },
  RG_DECISION: decision,
  CG_DECISION: decision,
  CRIMINALITY_LOCATION_DETERMINED(c, o, out) {
    out.criminalityLocation = c.enumValue(o, 'criminalityLocation', 'criminalityLocation', E.criminalityLocation, true);
  },
  TRANSFERRED(c, o, out, owner) {
    const to = force(c, o, 'toForce');
    if (to !== undefined && owner !== undefined && to === owner) {
      c.fail('toForce', 'must be another force: toForce equals force');
    }
    out.toForce = to;
  },
  CRIME_RECORDED(c, o, out) {
    out.crimeReference = c.string(o, 'crimeReference', 'crimeReference', LIMITS.crimeReference, true);
    out.offence = c.enumValue(o, 'offence', 'offence', E.offence, true);
  },
  RECORD_CANCELLED(c, o, out) {
    out.reason = c.enumValue(o, 'reason', 'reason', E.cancellationReason, true);
    out.authorisedBy = c.string(o, 'authorisedBy', 'authorisedBy', LIMITS.authorisedBy, true);
  },
};
