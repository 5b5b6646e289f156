import fc from 'fast-check';
import { RULE_SET_VERSION, classify } from './classify';
import { cancel, crime, location, referral, rg, stored, storedEvent } from './fixtures';
import { fold } from './fold';
import { classificationTimeline, foldWithTimeline } from './timeline';

const brief = (events: Parameters<typeof classificationTimeline>[0]) =>
  classificationTimeline(events).map((e) => [e.code, e.rule, e.validFrom, e.validTo, e.causedBy]);

describe('classificationTimeline (SPEC §3 history)', () => {
  it('is empty with no events', () => {
    expect(classificationTimeline([])).toEqual([]);
  });

  it('records N200/01 → 106 when a positive RG arrives, then keeps 106 once the crime is recorded', () => {
    const events = stored(
      referral({ eventId: 'ref' }),
      rg('POSITIVE', { eventId: 'rg', occurredAt: '2024-06-07T14:00:00+01:00' }),
      crime({ eventId: 'crn', occurredAt: '2024-06-08T09:00:00Z' }),
    );
    expect(brief(events)).toEqual([
      ['N200/01', 'PENDING_RG', '2024-06-02T23:00:00.000Z', '2024-06-07T13:00:00.000Z', 'ref'],
      ['106', 'RG_POSITIVE_EW', '2024-06-07T13:00:00.000Z', '2024-06-08T09:00:00.000Z', 'rg'],
      ['106', 'CRIME_RECORDED', '2024-06-08T09:00:00.000Z', null, 'crn'],
    ]);
  });

  it('carries status, reason, crimeRequired and the rule-set version', () => {
    const [entry] = classificationTimeline(stored(referral({ source: 'POLICE_REFERRAL' })));
    expect(entry).toMatchObject({
      status: 'OPEN',
      code: '106',
      rule: 'POLICE_REFERRAL_EW',
      crimeRequired: true,
      ruleSetVersion: RULE_SET_VERSION,
    });
    expect(entry.reason).toMatch(/crime must be recorded/);
  });

  it('starts INCOMPLETE when a decision comes before its referral in the world', () => {
    const events = stored(
      referral({ eventId: 'ref', occurredAt: '2024-06-05' }),
      rg('NEGATIVE', { eventId: 'rg', occurredAt: '2024-06-04' }),
    );
    expect(brief(events)).toEqual([
      [null, 'INCOMPLETE', '2024-06-03T23:00:00.000Z', '2024-06-04T23:00:00.000Z', 'rg'],
      ['N200/02', 'RG_NEGATIVE_EW', '2024-06-04T23:00:00.000Z', null, 'ref'],
    ]);
  });

  it('emits nothing for events that do not change the classification', () => {
    const events = stored(referral({ eventId: 'ref' }), location('ENGLAND_AND_WALES', { eventId: 'loc' }), location('UNKNOWN'));
    expect(brief(events)).toEqual([['N200/01', 'PENDING_RG', '2024-06-02T23:00:00.000Z', null, 'ref']]);
  });

  it('emits a change of rule even when the code stays the same', () => {
    const events = stored(
      referral({ eventId: 'ref', exploitationLocation: 'OVERSEAS', source: 'POLICE_REFERRAL' }),
      location('ENGLAND_AND_WALES', { eventId: 'loc' }),
    );
    expect(brief(events).map(([code, rule]) => [code, rule])).toEqual([
      ['N200/04', 'OUTSIDE_EW_POLICE'],
      ['106', 'POLICE_REFERRAL_EW'],
    ]);
  });

  it('follows a reconsidered RG negative → positive', () => {
    const events = stored(
      referral({ eventId: 'ref' }),
      rg('NEGATIVE', { eventId: 'rg1' }),
      rg('POSITIVE', { eventId: 'rg2', occurredAt: '2024-07-01', reconsideration: true }),
    );
    expect(brief(events).map(([code, , , , by]) => [code, by])).toEqual([
      ['N200/01', 'ref'],
      ['N200/02', 'rg1'],
      ['106', 'rg2'],
    ]);
  });

  it('ends in CANCELLED', () => {
    const entries = classificationTimeline(stored(referral(), cancel({ eventId: 'cx' })));
    expect(entries[entries.length - 1]).toMatchObject({
      status: 'CANCELLED',
      code: null,
      rule: 'CANCELLED',
      causedBy: 'cx',
      validTo: null,
    });
  });

  it('applies events with the same occurred instant together, crediting the event that made the change', () => {
    // Referral and negative RG on the same date: no empty N200/01 range at one instant.
    const sameDay = stored(
      referral({ eventId: 'ref', occurredAt: '2024-06-03' }),
      rg('NEGATIVE', { eventId: 'rg', occurredAt: '2024-06-03' }),
    );
    expect(brief(sameDay)).toEqual([['N200/02', 'RG_NEGATIVE_EW', '2024-06-02T23:00:00.000Z', null, 'rg']]);
    // A no-op event after the change at the same instant does not take the credit.
    const noOpLast = stored(
      referral({ eventId: 'ref' }),
      rg('POSITIVE', { eventId: 'rg', occurredAt: '2024-06-07' }),
      location('ENGLAND_AND_WALES', { eventId: 'loc', occurredAt: '2024-06-07' }),
    );
    expect(brief(noOpLast).map(([, rule, , , by]) => [rule, by])).toEqual([
      ['PENDING_RG', 'ref'],
      ['RG_POSITIVE_EW', 'rg'],
    ]);
  });

  it('drops a same-instant change that is undone at that instant', () => {
    const events = stored(
      referral({ eventId: 'ref' }),
      rg('POSITIVE', { eventId: 'rg1', occurredAt: '2024-06-07', receivedAt: '2024-06-07T09:00:00Z' }),
      rg('NEGATIVE', { eventId: 'rg2', occurredAt: '2024-06-07', receivedAt: '2024-06-07T10:00:00Z' }),
      rg('POSITIVE', { eventId: 'rg3', occurredAt: '2024-06-07', receivedAt: '2024-06-07T11:00:00Z' }),
    );
    expect(brief(events).map(([, rule, , , by]) => [rule, by])).toEqual([
      ['PENDING_RG', 'ref'],
      ['RG_POSITIVE_EW', 'rg3'],
    ]);
  });

  it('ends in the classification of the whole fold, for any arrival order', () => {
    const events = stored(
      referral({ eventId: 'ref' }),
      rg('NEGATIVE', { eventId: 'rg1' }),
      location('OUTSIDE_ENGLAND_AND_WALES', { eventId: 'loc' }),
      rg('POSITIVE', { eventId: 'rg2', occurredAt: '2024-06-30' }),
      crime({ eventId: 'c', occurredAt: '2024-07-02' }),
    ).map((e, i) => storedEvent(e.event, 10 - i));
    const expected = classificationTimeline(events);
    const final = classify(fold(events));
    expect(expected[expected.length - 1]).toMatchObject({ code: final.code, rule: final.rule, status: final.status });
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (perm) => {
        expect(classificationTimeline(perm)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('has contiguous, increasing valid-time ranges', () => {
    const entries = classificationTimeline(
      stored(
        referral(),
        rg('NEGATIVE'),
        rg('POSITIVE', { occurredAt: '2024-06-20', reconsideration: true }),
        crime({ occurredAt: '2024-06-21' }),
        cancel({ occurredAt: '2024-06-25' }),
      ),
    );
    expect(entries).toHaveLength(5);
    for (let i = 0; i < entries.length - 1; i++) {
      expect(entries[i].validTo).toBe(entries[i + 1].validFrom);
      expect(entries[i].validFrom < entries[i + 1].validFrom).toBe(true);
    }
  });
});

describe('foldWithTimeline', () => {
  it.each([
    ['a referral alone', () => stored(referral())],
    ['a referral, a positive RG and a crime, out of order', () => stored(crime(), rg('POSITIVE'), referral())],
    [
      'decisions before the referral',
      () => stored(rg('NEGATIVE'), rg('POSITIVE', { occurredAt: '2024-06-09', reconsideration: true }), referral()),
    ],
  ])('gives the same facts, classification and timeline as fold, classify and classificationTimeline (%s)', (_label, make) => {
    const events = make();
    const both = foldWithTimeline(events);
    expect(both.facts).toEqual(fold(events));
    expect(both.classification).toEqual(classify(fold(events)));
    expect(both.timeline).toEqual(classificationTimeline(events));
  });
});
