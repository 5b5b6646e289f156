// Random valid event histories of one referral, for the property and concurrency tests through the API.
// Plain wire-format JSON (SPEC §4). Every event carries an explicit receivedAt, unique within a history,
// so the fold order (occurredAt, then receivedAt, then arrival) never falls back to arrival order and
// every delivery order must end in the same record.
import fc from 'fast-check';
import type { TestApp } from './test-app';

export type WireEvent = Record<string, unknown> & { eventId: string; type: string; force: string; referralRef: string };

export const SENDER_FORCE = 'E23000010';
export const RECEIVER_FORCE = 'E23000001';

/** An event without force/referralRef/eventId prefix: those are filled in per delivery. */
export type EventSpec = Record<string, unknown> & { id: string; type: string; force?: string };

const day = fc.integer({ min: 1, max: 28 }).map((d) => `2024-06-${String(d).padStart(2, '0')}`);
/** A date alone (00:00 London) or a date-time with an offset, to mix both spellings. */
const occurredAt = fc.oneof(
  day,
  fc
    .tuple(day, fc.integer({ min: 0, max: 23 }), fc.constantFrom('Z', '+01:00'))
    .map(([d, h, z]) => `${d}T${String(h).padStart(2, '0')}:15:00${z}`),
);

const referralSpec = fc.record({
  occurredAt: fc.constantFrom('2024-06-03', '2024-06-01', '2024-06-05T10:00:00+01:00'),
  route: fc.constantFrom('CA', 'CA', 'CA', 'POLICE', 'DIRECT', 'DTN_NGO', 'DTN_POLICE'),
  exploitationLocation: fc.constantFrom('UK', 'OVERSEAS', 'BOTH', 'UNKNOWN'),
  crimeReference: fc.option(fc.constant('13/0500/24'), { nil: undefined }),
});

type ReferralSpec = typeof referralSpec extends fc.Arbitrary<infer T> ? T : never;

function referralBody(r: ReferralSpec): Record<string, unknown> & { type: string } {
  const dtn = r.route.startsWith('DTN');
  const police = r.route === 'POLICE' || r.route === 'DIRECT' || r.route === 'DTN_POLICE';
  return {
    type: 'REFERRAL_RECEIVED',
    occurredAt: r.occurredAt,
    recordedAt: '2024-06-06T12:00:00Z',
    referralType: dtn ? 'DTN' : 'NRM',
    source: r.route === 'POLICE' ? 'POLICE_REFERRAL' : r.route === 'DIRECT' ? 'DIRECT_REPORT' : 'COMPETENT_AUTHORITY',
    firstResponder: police ? { type: 'POLICE', organisation: 'West Yorkshire Police' } : { type: 'NGO', organisation: 'Salvation Army' },
    victim: dtn ? { ageGroup: 'ADULT', ageDisputed: false } : { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true },
    exploitationTypes: ['LABOUR', 'CRIMINAL'],
    exploitationLocation: r.exploitationLocation,
    ...(r.crimeReference ? { crimeReference: r.crimeReference } : {}),
  };
}

/** One referral's history: a referral (sometimes a second, differing one), decisions, location, crime, transfer, cancellation. */
export const historyArb: fc.Arbitrary<EventSpec[]> = fc
  .record({
    referral: referralSpec,
    secondReferral: fc.option(referralSpec, { nil: undefined }),
    rgs: fc.array(fc.record({ outcome: fc.constantFrom('POSITIVE', 'NEGATIVE'), occurredAt }), { maxLength: 3 }),
    cgs: fc.array(fc.record({ outcome: fc.constantFrom('POSITIVE', 'NEGATIVE'), occurredAt }), { maxLength: 2 }),
    locations: fc.array(
      fc.record({ criminalityLocation: fc.constantFrom('ENGLAND_AND_WALES', 'OUTSIDE_ENGLAND_AND_WALES', 'UNKNOWN'), occurredAt }),
      {
        maxLength: 2,
      },
    ),
    crime: fc.option(fc.record({ occurredAt, offence: fc.constantFrom('FORCED_LABOUR', 'TRAFFICKING_TRAVEL') }), { nil: undefined }),
    transfer: fc.option(fc.record({ occurredAt, back: fc.option(occurredAt, { nil: undefined }) }), { nil: undefined }),
    cancel: fc.option(fc.record({ occurredAt, reason: fc.constantFrom('DUPLICATE', 'RECORDED_IN_ERROR', 'NO_OFFENCE_AVI') }), {
      nil: undefined,
    }),
    receivedHours: fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 16, maxLength: 16 }),
  })
  .map((h) => {
    const out: EventSpec[] = [{ id: 'referral', ...referralBody(h.referral) }];
    if (h.secondReferral) out.push({ id: 'referral-2', ...referralBody(h.secondReferral) });
    // decisions in occurrence order: the first of a stage is the decision, later ones reconsiderations
    const byTime = <T extends { occurredAt: string }>(xs: T[]) =>
      [...xs].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    byTime(h.rgs).forEach((d, i) =>
      out.push({
        id: `rg-${i}`,
        type: 'RG_DECISION',
        occurredAt: d.occurredAt,
        outcome: d.outcome,
        decisionMaker: 'SCA',
        reconsideration: i > 0,
      }),
    );
    byTime(h.cgs).forEach((d, i) =>
      out.push({
        id: `cg-${i}`,
        type: 'CG_DECISION',
        occurredAt: d.occurredAt,
        outcome: d.outcome,
        decisionMaker: 'SCA',
        reconsideration: i > 0,
      }),
    );
    h.locations.forEach((l, i) => out.push({ id: `loc-${i}`, type: 'CRIMINALITY_LOCATION_DETERMINED', ...l }));
    if (h.crime) out.push({ id: 'crime', type: 'CRIME_RECORDED', crimeReference: '13/0900/24', ...h.crime });
    if (h.transfer) {
      out.push({ id: 'transfer', type: 'TRANSFERRED', occurredAt: h.transfer.occurredAt, toForce: RECEIVER_FORCE });
      if (h.transfer.back)
        out.push({ id: 'transfer-back', type: 'TRANSFERRED', force: RECEIVER_FORCE, occurredAt: h.transfer.back, toForce: SENDER_FORCE });
    }
    if (h.cancel) out.push({ id: 'cancel', type: 'RECORD_CANCELLED', authorisedBy: 'FCR', ...h.cancel });
    // unique receivedAt per event (distinct hours), so no two events tie on both clocks
    const used = new Set<number>();
    return out.map((e, i) => {
      let hour = h.receivedHours[i];
      while (used.has(hour)) hour++;
      used.add(hour);
      return { ...e, receivedAt: new Date(Date.UTC(2024, 5, 1) + hour * 3_600_000).toISOString() };
    });
  });

/** The wire events of a history for one referralRef; eventIds are prefixed with it so each run is fresh. */
export function materialise(history: EventSpec[], referralRef: string): WireEvent[] {
  return history.map(
    ({ id, force, ...rest }) => ({ eventId: `${referralRef}:${id}`, force: force ?? SENDER_FORCE, referralRef, ...rest }) as WireEvent,
  );
}

/** Fold order as SPEC §4 defines it (occurredAt instant, then receivedAt); receivedAt is unique, so total. */
export function canonicalOrder(events: WireEvent[]): WireEvent[] {
  const instant = (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00+01:00`) : Date.parse(s)); // June: BST
  return [...events].sort(
    (a, b) =>
      instant(String(a.occurredAt)) - instant(String(b.occurredAt)) || Date.parse(String(a.receivedAt)) - Date.parse(String(b.receivedAt)),
  );
}

/** Forces whose record the history touches. */
export function forcesOf(events: WireEvent[]): string[] {
  return [...new Set(events.flatMap((e) => [e.force, ...(typeof e.toForce === 'string' ? [e.toForce] : [])]))].sort();
}

const SERVICE_TIME_KEYS = new Set(['knownSince', 'updatedAt', 'version']);

/**
 * A record view with the fields that depend on when the service stored things removed (knownSince,
 * updatedAt, version), and the referralRef replaced, so two deliveries of one history compare equal.
 */
export function comparable(view: unknown, referralRef: string): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !SERVICE_TIME_KEYS.has(k))
          .map(([k, x]) => [k, strip(x)]),
      );
    return v;
  };
  return JSON.parse(JSON.stringify(strip(view)).split(referralRef).join('<REF>'));
}

export async function getView(t: TestApp, token: string, force: string, referralRef: string): Promise<{ status: number; body: unknown }> {
  const res = await t.http.get(`/v1/forces/${force}/records/${encodeURIComponent(referralRef)}`).set('authorization', `Bearer ${token}`);
  return { status: res.status, body: res.body };
}

/** Every record of the referral (one per touched force), comparable. */
export async function referralState(t: TestApp, token: string, forces: string[], referralRef: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const force of forces) {
    const v = await getView(t, token, force, referralRef);
    out[force] = v.status === 200 ? comparable(v.body, referralRef) : `HTTP ${v.status}`;
  }
  return out;
}
