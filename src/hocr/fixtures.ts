// Builders of valid events and stored events for tests (here and in the service's test/ tree). Pure
// and deterministic; every event goes through validateEvent, so a fixture is always a normalised,
// contract-valid event.
import type { HocrEvent } from './event-types';
import { occurredInstantMs } from './event-types';
import type { StoredEvent } from './facts';
import { toEpochMs } from './time';
import { validateEvent } from './validate-event';

type Input = Record<string, unknown>;

export const FIXTURE_FORCE = 'E23000010'; // West Yorkshire Police
export const FIXTURE_REF = 'NRM-2024-000123';

let counter = 0;
const nextId = (prefix: string): string => `${prefix}-${++counter}`;

/** Validates and normalises; throws with the field errors when the fixture is not contract-valid. */
export function event(input: Input): HocrEvent {
  const result = validateEvent({ force: FIXTURE_FORCE, referralRef: FIXTURE_REF, ...input });
  if (!result.ok) throw new Error(`invalid fixture ${JSON.stringify(input)}: ${JSON.stringify(result.errors)}`);
  return result.event;
}

export function referral(over: Input = {}): HocrEvent {
  return event({
    eventId: nextId('ref'),
    type: 'REFERRAL_RECEIVED',
    occurredAt: '2024-06-03',
    referralType: 'NRM',
    source: 'COMPETENT_AUTHORITY',
    firstResponder: { type: 'LOCAL_AUTHORITY', organisation: 'Leeds City Council' },
    victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true },
    exploitationTypes: ['LABOUR'],
    exploitationLocation: 'UK',
    ...over,
  });
}

export function rg(outcome: 'POSITIVE' | 'NEGATIVE', over: Input = {}): HocrEvent {
  return event({ eventId: nextId('rg'), type: 'RG_DECISION', occurredAt: '2024-06-07', outcome, decisionMaker: 'SCA', ...over });
}

export function cg(outcome: 'POSITIVE' | 'NEGATIVE', over: Input = {}): HocrEvent {
  return event({ eventId: nextId('cg'), type: 'CG_DECISION', occurredAt: '2024-08-01', outcome, decisionMaker: 'SCA', ...over });
}

export function location(criminalityLocation: string, over: Input = {}): HocrEvent {
  return event({ eventId: nextId('loc'), type: 'CRIMINALITY_LOCATION_DETERMINED', occurredAt: '2024-06-10', criminalityLocation, ...over });
}

export function transfer(toForce = 'E23000001', over: Input = {}): HocrEvent {
  return event({ eventId: nextId('tr'), type: 'TRANSFERRED', occurredAt: '2024-06-12', toForce, ...over });
}

export function crime(over: Input = {}): HocrEvent {
  return event({
    eventId: nextId('crime'),
    type: 'CRIME_RECORDED',
    occurredAt: '2024-06-08',
    crimeReference: '13/0001/24',
    offence: 'FORCED_LABOUR',
    ...over,
  });
}

export function cancel(over: Input = {}): HocrEvent {
  return event({
    eventId: nextId('cx'),
    type: 'RECORD_CANCELLED',
    occurredAt: '2024-06-20',
    reason: 'DUPLICATE',
    authorisedBy: 'FCR',
    ...over,
  });
}

const HOUR = 3_600_000;

/**
 * Wraps one event as the service would store it: receivedAt is the event's own, else one hour after
 * it occurred; storedAt one minute after receipt; both overridable.
 */
export function storedEvent(e: HocrEvent, seq: number, over: Partial<Omit<StoredEvent, 'event'>> = {}): StoredEvent {
  const receivedMs = e.receivedAt === undefined ? occurredInstantMs(e) + HOUR : toEpochMs(e.receivedAt);
  const receivedAt = over.receivedAt ?? new Date(receivedMs).toISOString();
  const storedAt = over.storedAt ?? new Date(toEpochMs(receivedAt) + 60_000).toISOString();
  return { event: e, seq: over.seq ?? seq, receivedAt, storedAt };
}

/** Stores events in the given arrival order (seq = index). */
export function stored(...events: HocrEvent[]): StoredEvent[] {
  return events.map((e, i) => storedEvent(e, i));
}

/**
 * Strings that are not one instant the service accepts (parseAcceptedInstant): ISO 8601 forms that
 * @IsISO8601({ strict: true }) passed and `new Date()` could not read (500s before), partial values and local
 * times (no one instant), and instants outside the years 1900–2999 in UTC. The unit tests of the parser and
 * the HTTP tests of `asAt` both use it.
 */
export const NOT_ONE_ACCEPTED_INSTANT = [
  '2024-W01',
  '2024-W01-1',
  '2024-366',
  '20240603',
  '20240603T101010Z',
  '2024-06-03T10:00:00,5Z',
  '2024-06-03T10Z',
  '2024-06-03T10:00:00+01',
  '2024',
  '2024-06',
  '2024-001',
  '2024-06-03',
  '2024-06-03T10:00:00',
  '9999-12-31T23:59:59-23:59',
  '0000-01-01T00:00:00Z',
  '1899-12-31T23:59:59Z',
  '1900-01-01T00:30:00+01:00',
  '2999-12-31T23:00:00-01:00',
  '3000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
] as const;
