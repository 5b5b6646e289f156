import fc from 'fast-check';
import { classify } from './classify';
import type { HocrEvent } from './event-types';
import type { StoredEvent } from './facts';
import { cancel, cg, crime, location, referral, rg, stored, storedEvent, transfer } from './fixtures';
import { eventsKnownAt, fold, sortForFold } from './fold';

describe('fold: order (SPEC §4 order-independent)', () => {
  it('sorts by occurredAt instant, then receivedAt, then arrival', () => {
    const a = rg('NEGATIVE', { eventId: 'a', occurredAt: '2024-06-07T12:00:00+01:00' }); // 11:00Z
    const b = rg('NEGATIVE', { eventId: 'b', occurredAt: '2024-06-07T11:30:00Z' });
    const c = rg('NEGATIVE', { eventId: 'c', occurredAt: '2024-06-07T11:00:00Z' });
    const events: StoredEvent[] = [
      storedEvent(b, 0),
      storedEvent(c, 1, { receivedAt: '2024-06-07T12:00:00Z' }),
      storedEvent(a, 2, { receivedAt: '2024-06-07T12:00:00Z' }),
      storedEvent(a, 3, { receivedAt: '2024-06-07T11:59:00Z' }),
    ];
    expect(sortForFold(events).map((p) => `${p.stored.event.eventId}${p.stored.seq}`)).toEqual(['a3', 'c1', 'a2', 'b0']);
  });

  it('places a date-only occurredAt at 00:00 London, before a same-day date-time', () => {
    const events = stored(
      rg('POSITIVE', { eventId: 'late', occurredAt: '2024-06-07T00:30:00+01:00' }),
      rg('NEGATIVE', { eventId: 'date', occurredAt: '2024-06-07' }),
    );
    expect(fold(events).rg?.eventId).toBe('late');
  });

  it('gives the same facts and classification for every permutation of the events', () => {
    const events = stored(
      referral({ eventId: 'r1', receivedAt: '2024-06-03T10:00:00Z' }),
      referral({ eventId: 'r2', receivedAt: '2024-06-03T10:00:00Z', victim: { ageGroup: 'CHILD', ageDisputed: true } }),
      rg('NEGATIVE', { eventId: 'rg1' }),
      rg('POSITIVE', { eventId: 'rg2', occurredAt: '2024-06-07', reconsideration: true }),
      location('OUTSIDE_ENGLAND_AND_WALES', { eventId: 'l1' }),
      location('ENGLAND_AND_WALES', { eventId: 'l2', occurredAt: '2024-06-10' }),
      crime({ eventId: 'c1' }),
      cg('POSITIVE', { eventId: 'cg1' }),
    );
    const expected = fold(events);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (perm) => {
        expect(fold(perm)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
    expect(classify(expected).rule).toBe('CRIME_RECORDED');
  });

  it('does not mutate its input', () => {
    const events = stored(rg('POSITIVE', { occurredAt: '2024-06-09' }), referral());
    const copy = JSON.parse(JSON.stringify(events));
    fold(events);
    expect(events).toEqual(copy);
  });
});

describe('fold: facts', () => {
  it('folds nothing into empty facts with no referral', () => {
    const f = fold([]);
    expect(f.hasReferral).toBe(false);
    expect(f.eventCount).toBe(0);
    expect(f.criminalityLocation).toBeNull();
    expect(f.force).toBeNull();
  });

  it('takes the referral fields from the referral and the record identity from the events', () => {
    const f = fold(
      stored(
        referral({
          eventId: 'r',
          source: 'DIRECT_REPORT',
          exploitationTypes: ['SEXUAL', 'CRIMINAL'],
          exploitationLocation: 'BOTH',
          crimeReference: '13/1/24',
        }),
      ),
    );
    expect(f).toMatchObject({
      force: 'E23000010',
      referralRef: 'NRM-2024-000123',
      hasReferral: true,
      referralCount: 1,
      referralDate: '2024-06-03',
      criminalityLocation: 'ENGLAND_AND_WALES',
      criminalityLocationSource: 'REFERRAL',
      crimeReference: '13/1/24',
      eventIds: ['r'],
    });
    expect(f.referral).toMatchObject({
      eventId: 'r',
      referralType: 'NRM',
      source: 'DIRECT_REPORT',
      firstResponder: { type: 'LOCAL_AUTHORITY', organisation: 'Leeds City Council' },
      victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true },
      exploitationTypes: ['SEXUAL', 'CRIMINAL'],
      exploitationLocation: 'BOTH',
      occurredInstant: '2024-06-02T23:00:00.000Z',
      recordedAt: null,
    });
  });

  it('keeps every RG decision in fold order and the latest as rg', () => {
    const f = fold(
      stored(
        rg('POSITIVE', { eventId: 'second', occurredAt: '2024-06-20', reconsideration: true, decisionMaker: 'IECA' }),
        referral(),
        rg('NEGATIVE', { eventId: 'first' }),
      ),
    );
    expect(f.rgDecisions.map((d) => d.eventId)).toEqual(['first', 'second']);
    expect(f.rg).toMatchObject({
      eventId: 'second',
      stage: 'RG',
      outcome: 'POSITIVE',
      decisionMaker: 'IECA',
      reconsideration: true,
      occurredAt: '2024-06-20',
    });
    expect(f.cg).toBeNull();
  });

  it('keeps CG decisions apart from RG decisions', () => {
    const f = fold(stored(referral(), rg('POSITIVE'), cg('NEGATIVE', { eventId: 'cg-a' })));
    expect(f.cg).toMatchObject({ eventId: 'cg-a', stage: 'CG', outcome: 'NEGATIVE' });
    expect(f.rgDecisions).toHaveLength(1);
    expect(f.cgDecisions).toHaveLength(1);
  });

  it.each<[string, HocrEvent[], string, 'REFERRAL' | 'DETERMINED']>([
    ['the referral default', [referral({ exploitationLocation: 'OVERSEAS' })], 'OUTSIDE_ENGLAND_AND_WALES', 'REFERRAL'],
    ['a determination after the referral', [referral(), location('UNKNOWN')], 'UNKNOWN', 'DETERMINED'],
    [
      'a determination dated before the referral',
      [location('OUTSIDE_ENGLAND_AND_WALES', { occurredAt: '2024-05-01' }), referral()],
      'OUTSIDE_ENGLAND_AND_WALES',
      'DETERMINED',
    ],
    [
      'the latest of two determinations',
      [referral(), location('UNKNOWN', { occurredAt: '2024-06-20' }), location('ENGLAND_AND_WALES', { occurredAt: '2024-06-10' })],
      'UNKNOWN',
      'DETERMINED',
    ],
  ])('takes criminality location from %s', (_label, events, expected, source) => {
    const f = fold(stored(...events));
    expect(f.criminalityLocation).toBe(expected);
    expect(f.criminalityLocationSource).toBe(source);
  });

  it('records the latest transfer and every transfer', () => {
    const f = fold(
      stored(referral(), transfer('E23000001', { eventId: 't1' }), transfer('W15000001', { eventId: 't2', occurredAt: '2024-06-30' })),
    );
    expect(f.transferredTo).toBe('W15000001');
    expect(f.transfer?.eventId).toBe('t2');
    expect(f.transfers.map((t) => t.toForce)).toEqual(['E23000001', 'W15000001']);
  });

  it("treats a transfer to the record's own force as the receiving side: it clears an earlier transfer away", () => {
    const away = transfer('E23000001', { eventId: 't-away', occurredAt: '2024-06-10' });
    // The receiving side of a transfer back, as the service presents it in this force's fold.
    const back = { ...transfer('E23000001', { eventId: 't-back', occurredAt: '2024-06-20' }), toForce: away.force } as HocrEvent;
    expect(fold(stored(referral(), away)).transferredTo).toBe('E23000001');
    const f = fold([...stored(referral(), away), { ...storedEvent(back, 2), sentBy: 'E23000001' }]);
    expect(f.transferredTo).toBeNull();
    expect(f.transfers.map((t) => [t.fromForce, t.toForce])).toEqual([
      [away.force, 'E23000001'],
      ['E23000001', away.force],
    ]);
    expect(f.transfers.map((t) => t.eventId)).toEqual(['t-away', 't-back']);
  });

  it('takes the CRN from the latest CRIME_RECORDED over the referral', () => {
    const f = fold(
      stored(
        referral({ crimeReference: 'REF-CRN' }),
        crime({ eventId: 'c1', crimeReference: 'CRN-1' }),
        crime({ eventId: 'c2', crimeReference: 'CRN-2', occurredAt: '2024-06-09', offence: 'TRAFFICKING_TRAVEL' }),
      ),
    );
    expect(f.crimeReference).toBe('CRN-2');
    expect(f.crime).toMatchObject({ eventId: 'c2', offence: 'TRAFFICKING_TRAVEL' });
    expect(f.crimes).toHaveLength(2);
  });

  it('keeps the referral CRN when no crime is recorded', () => {
    expect(fold(stored(referral(), referral({ crimeReference: 'LATE-CRN' }))).crimeReference).toBe('LATE-CRN');
  });

  it('is cancelled by the first RECORD_CANCELLED', () => {
    const f = fold(
      stored(
        referral(),
        cancel({ eventId: 'x2', occurredAt: '2024-07-01', reason: 'RECORDED_IN_ERROR' }),
        cancel({ eventId: 'x1', authorisedBy: 'DCI Smith' }),
      ),
    );
    expect(f.cancelled).toBe(true);
    expect(f.cancellation).toMatchObject({ eventId: 'x1', reason: 'DUPLICATE', authorisedBy: 'DCI Smith' });
  });

  it('takes receipt as the earliest referral receipt and creation as the earliest recordedAt or storage', () => {
    const events = [
      storedEvent(referral({ eventId: 'r1', receivedAt: '2024-06-03T12:00:00Z' }), 0, { storedAt: '2024-06-05T09:00:00Z' }),
      storedEvent(referral({ eventId: 'r2', receivedAt: '2024-06-03T09:00:00Z', recordedAt: '2024-06-04T10:00:00+01:00' }), 1, {
        storedAt: '2024-06-06T09:00:00Z',
      }),
      storedEvent(rg('POSITIVE', { receivedAt: '2024-06-01T09:00:00Z' }), 2),
    ];
    const f = fold(events);
    expect(f.referralReceivedAt).toBe('2024-06-03T09:00:00.000Z');
    expect(f.recordedAt).toBe('2024-06-04T09:00:00.000Z');
    expect(f.referrals.find((r) => r.eventId === 'r2')?.recordedAt).toBe('2024-06-04T09:00:00.000Z');
  });

  it('falls back to the storage time of the referral event for recordedAt', () => {
    const f = fold([storedEvent(referral(), 0, { receivedAt: '2024-06-03T08:00:00Z', storedAt: '2024-06-04T09:30:00Z' })]);
    expect(f.recordedAt).toBe('2024-06-04T09:30:00.000Z');
    expect(f.referralReceivedAt).toBe('2024-06-03T08:00:00.000Z');
  });

  it('gives the first instants of each clock and the earliest decision or transfer', () => {
    const events = [
      storedEvent(transfer('E23000001', { eventId: 't' }), 0, { receivedAt: '2024-06-12T08:00:00Z', storedAt: '2024-06-12T08:01:00Z' }),
      storedEvent(rg('POSITIVE', { eventId: 'd' }), 1, { receivedAt: '2024-06-13T08:00:00Z', storedAt: '2024-06-13T08:01:00Z' }),
      storedEvent(location('UNKNOWN', { eventId: 'l', occurredAt: '2024-06-01' }), 2, {
        receivedAt: '2024-06-20T08:00:00Z',
        storedAt: '2024-06-20T08:01:00Z',
      }),
    ];
    const f = fold(events);
    expect(f.firstDecisionOrTransfer?.eventId).toBe('t');
    expect(f.firstOccurredInstant).toBe('2024-05-31T23:00:00.000Z');
    expect(f.firstReceivedAt).toBe('2024-06-12T08:00:00.000Z');
    expect(f.firstStoredAt).toBe('2024-06-12T08:01:00.000Z');
    expect(f.lastStoredAt).toBe('2024-06-20T08:01:00.000Z');
    expect(f.hasReferral).toBe(false);
  });
});

describe('fold: referral disagreement (MS-01)', () => {
  it('does not flag a referral received twice with the same content', () => {
    const f = fold(
      stored(
        referral({ eventId: 'a' }),
        referral({
          eventId: 'b',
          occurredAt: '2024-06-03T15:00:00+01:00',
          receivedAt: '2024-06-04T08:00:00Z',
          recordedAt: '2024-06-04T09:00:00Z',
        }),
      ),
    );
    expect(f.referralCount).toBe(2);
    expect(f.referralsDisagree).toBe(false);
    expect(f.referralDisagreements).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['another date', { occurredAt: '2024-06-04' }, ['occurredAt']],
    ['a DtN instead of NRM', { referralType: 'DTN' }, ['referralType']],
    ['another source', { source: 'POLICE_REFERRAL' }, ['source']],
    [
      'another organisation',
      { firstResponder: { type: 'NGO', organisation: 'Unseen' } },
      ['firstResponder.type', 'firstResponder.organisation'],
    ],
    ['a child victim', { victim: { ageGroup: 'CHILD', ageDisputed: false, consentToNrm: true } }, ['victim.ageGroup']],
    ['consent not recorded', { victim: { ageGroup: 'ADULT', ageDisputed: false } }, ['victim.consentToNrm']],
    [
      'other exploitation',
      { exploitationTypes: ['LABOUR', 'SEXUAL'], exploitationLocation: 'OVERSEAS' },
      ['exploitationTypes', 'exploitationLocation', 'criminalityLocation'],
    ],
    ['another CRN', { crimeReference: 'B' }, ['crimeReference']],
  ])('flags a second referral with %s', (_label, patch, fields) => {
    const f = fold(stored(referral({ crimeReference: 'A' }), referral(patch)));
    expect(f.referralsDisagree).toBe(true);
    expect(f.referralDisagreements).toEqual(fields);
  });

  it.each<[string, Record<string, unknown>]>([
    ['the organisation in other case and spacing', { firstResponder: { type: 'LOCAL_AUTHORITY', organisation: ' leeds  city council' } }],
    ['a CRN added later', { crimeReference: 'NEW' }],
    ['the same types in another order', { exploitationTypes: ['LABOUR', 'LABOUR'] }],
  ])('tolerates %s', (_label, patch) => {
    expect(fold(stored(referral(), referral(patch))).referralsDisagree).toBe(false);
  });
});

describe('eventsKnownAt (SPEC §5 as at)', () => {
  it('keeps the events stored at or before the service time', () => {
    const events = [
      storedEvent(referral({ eventId: 'a' }), 0, { storedAt: '2024-06-03T10:00:00Z' }),
      storedEvent(rg('POSITIVE', { eventId: 'b' }), 1, { storedAt: '2024-06-07T10:00:00Z' }),
    ];
    expect(eventsKnownAt(events, '2024-06-07T10:00:00Z').map((e) => e.event.eventId)).toEqual(['a', 'b']);
    expect(eventsKnownAt(events, '2024-06-07T09:59:59.999Z').map((e) => e.event.eventId)).toEqual(['a']);
  });
});
