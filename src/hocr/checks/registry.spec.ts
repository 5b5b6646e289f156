import fc from 'fast-check';
import type { HocrEvent } from '../event-types';
import type { StoredEvent } from '../facts';
import { cancel, cg, crime, FIXTURE_FORCE, location, referral, rg, stored, storedEvent } from '../fixtures';
import { fold } from '../fold';
import { CHECK_IDS, findingStatus } from './finding';
import { CHECKS, evaluateAt, evaluateChecks, findingKey } from './registry';

const ctx = { force: FIXTURE_FORCE };
const evaluate = (...events: HocrEvent[]) => evaluateChecks(fold(stored(...events)), ctx);
const POLICE = { type: 'POLICE', organisation: 'West Yorkshire Police' };

describe('CHECKS', () => {
  it("lists the thirteen SPEC §6 checks in table order, then the service's MS-14 and MS-15, with their severities", () => {
    expect(CHECKS.map((c) => c.id)).toEqual([...CHECK_IDS]);
    expect(CHECKS.map((c) => c.severity)).toEqual([
      'error',
      'error',
      'warning',
      'error',
      'error',
      'error',
      'warning',
      'warning',
      'error',
      'warning',
      'warning',
      'warning',
      'warning',
      'warning',
      'warning',
    ]);
  });

  it('gives every finding its own check id and severity', () => {
    const messy = fold(
      stored(
        rg('POSITIVE', { decisionMaker: 'UKVI' }),
        referral({ referralType: 'DTN', victim: { ageGroup: 'CHILD', ageDisputed: false } }),
      ),
    );
    for (const c of CHECKS) for (const f of c.run(messy, ctx)) expect([f.check, f.severity]).toEqual([c.id, c.severity]);
  });
});

describe('a compliant record has no findings', () => {
  it.each<[string, HocrEvent[]]>([
    [
      'a police referral with the crime recorded within the hour and the RG in 3 working days',
      [
        referral({
          occurredAt: '2024-06-03T09:00:00Z',
          receivedAt: '2024-06-03T09:30:00Z',
          source: 'POLICE_REFERRAL',
          firstResponder: POLICE,
        }),
        crime({ occurredAt: '2024-06-03T10:15:00Z', receivedAt: '2024-06-03T10:16:00Z' }),
        rg('POSITIVE', { occurredAt: '2024-06-06', receivedAt: '2024-06-06T12:00:00Z' }),
        cg('POSITIVE', { occurredAt: '2024-07-08', receivedAt: '2024-07-08T12:00:00Z' }),
      ],
    ],
    [
      'an NRM referral with the RG in 3 working days and the crime 2 hours after the positive RG',
      [
        referral({ occurredAt: '2024-06-03', receivedAt: '2024-06-03T10:00:00Z' }),
        rg('POSITIVE', { occurredAt: '2024-06-06', receivedAt: '2024-06-06T10:00:00Z' }),
        crime({ occurredAt: '2024-06-06T12:00:00Z', receivedAt: '2024-06-06T12:01:00Z' }),
        cg('POSITIVE', { occurredAt: '2024-07-06', receivedAt: '2024-07-08T09:00:00Z' }),
      ],
    ],
    [
      'an NRM referral with a negative RG on time',
      [referral({ receivedAt: '2024-06-03T10:00:00Z' }), rg('NEGATIVE', { occurredAt: '2024-06-10', receivedAt: '2024-06-10T16:00:00Z' })],
    ],
    [
      'an NRM referral with an unknown location found outside England and Wales within 24 hours of the positive RG',
      [
        referral({
          receivedAt: '2024-06-03T10:00:00Z',
          exploitationLocation: 'UNKNOWN',
          firstResponder: { type: 'NGO', organisation: 'The Salvation Army' },
        }),
        location('OUTSIDE_ENGLAND_AND_WALES', { occurredAt: '2024-06-08', receivedAt: '2024-06-08T09:00:00Z' }),
        rg('POSITIVE', { occurredAt: '2024-06-07', receivedAt: '2024-06-07T10:00:00Z' }),
      ],
    ],
    [
      'a DtN by an NGO for a non-consenting adult',
      [
        referral({
          referralType: 'DTN',
          receivedAt: '2024-06-03T10:00:00Z',
          victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: false },
          firstResponder: { type: 'NGO', organisation: 'Migrant Help' },
        }),
      ],
    ],
    [
      'a police DtN with the crime recorded at once',
      [
        referral({
          referralType: 'DTN',
          receivedAt: '2024-06-03T10:00:00Z',
          victim: { ageGroup: 'ADULT', ageDisputed: false },
          firstResponder: POLICE,
        }),
        crime({ occurredAt: '2024-06-03T11:00:00Z' }),
      ],
    ],
    [
      'a 2018 pilot-force record decided by an SSL and an MDP',
      [
        referral({ occurredAt: '2018-03-05', receivedAt: '2018-03-05T10:00:00Z' }),
        rg('POSITIVE', { decisionMaker: 'SSL', occurredAt: '2018-03-08', receivedAt: '2018-03-08T10:00:00Z' }),
        crime({ occurredAt: '2018-03-08T12:00:00Z' }),
        cg('POSITIVE', { decisionMaker: 'MDP', occurredAt: '2018-04-30', receivedAt: '2018-04-30T10:00:00Z' }),
      ],
    ],
  ])('%s', (_n, events) => {
    expect(evaluate(...events)).toEqual([]);
  });
});

describe('finding lifecycle', () => {
  const events = () => [
    referral({ eventId: 'r', occurredAt: '2024-06-03', receivedAt: '2024-06-03T10:00:00Z' }),
    rg('POSITIVE', { eventId: 'rg', occurredAt: '2024-06-07', receivedAt: '2024-06-07T10:00:00Z' }),
  ];

  it('goes not-due → open → resolved as the clock passes dueAt and the crime is recorded', () => {
    const open = evaluate(...events());
    expect(open).toEqual([expect.objectContaining({ check: 'MS-04', dueAt: '2024-06-08T10:00:00.000Z', resolvedAt: null })]);
    expect(findingStatus(open[0], '2024-06-08T09:59:59.999Z')).toBe('not-due');
    expect(findingStatus(open[0], '2024-06-08T10:00:00.000Z')).toBe('open');
    const cured = evaluate(...events(), crime({ occurredAt: '2024-06-09T10:00:00Z' }));
    expect(cured).toEqual([
      expect.objectContaining({ check: 'MS-04', dueAt: '2024-06-08T10:00:00.000Z', resolvedAt: '2024-06-09T10:00:00.000Z' }),
    ]);
    expect(
      ['2024-06-08T00:00:00Z', '2024-06-09T09:00:00Z', '2024-06-09T10:00:00Z'].map(
        (t) => evaluateAt(fold(stored(...events(), crime({ occurredAt: '2024-06-09T10:00:00Z' }))), ctx, t)[0].status,
      ),
    ).toEqual(['not-due', 'open', 'resolved']);
  });

  it('resolves every unresolved finding at the cancellation receipt and drops those not yet due', () => {
    const found = evaluate(
      referral({
        eventId: 'r',
        occurredAt: '2024-06-03',
        receivedAt: '2024-06-03T10:00:00Z',
        victim: { ageGroup: 'ADULT', ageDisputed: false },
        exploitationLocation: 'UNKNOWN',
      }),
      rg('POSITIVE', { occurredAt: '2024-06-07', receivedAt: '2024-06-07T10:00:00Z' }),
      cancel({ occurredAt: '2024-06-12', receivedAt: '2024-06-12T10:00:00Z' }),
    );
    // MS-07 (immediate) and MS-04 (due 2024-06-08) are closed by the cancellation; MS-10 (due 2024-07-03) never opens.
    expect(found.map((f) => [f.check, f.dueAt, f.resolvedAt])).toEqual([
      ['MS-04', '2024-06-08T10:00:00.000Z', '2024-06-12T10:00:00.000Z'],
      ['MS-07', '2024-06-03T10:00:00.000Z', '2024-06-12T10:00:00.000Z'],
    ]);
  });

  it('keys findings by check, and by the offending decision for per-decision checks', () => {
    expect(findingKey({ check: 'MS-04', evidence: ['rg', 'c'] })).toBe('MS-04');
    expect(findingKey({ check: 'MS-12', evidence: ['d1'] })).toBe('MS-12:d1');
  });
});

describe('order independence (SPEC §4)', () => {
  // A record that raises most checks, so the property compares many findings.
  const events: StoredEvent[] = [
    storedEvent(
      referral({
        eventId: 'r1',
        occurredAt: '2024-06-03',
        receivedAt: '2024-06-04T10:00:00Z',
        recordedAt: '2024-06-06T10:00:00Z',
        victim: { ageGroup: 'ADULT', ageDisputed: false },
        exploitationLocation: 'UNKNOWN',
        firstResponder: { type: 'GOVERNMENT_AGENCY', organisation: 'CPS' },
      }),
      0,
    ),
    storedEvent(
      referral({
        eventId: 'r2',
        occurredAt: '2024-06-03',
        receivedAt: '2024-06-05T10:00:00Z',
        referralType: 'DTN',
        victim: { ageGroup: 'CHILD', ageDisputed: false },
      }),
      1,
    ),
    storedEvent(rg('NEGATIVE', { eventId: 'g1', occurredAt: '2024-06-02', receivedAt: '2024-06-02T10:00:00Z', decisionMaker: 'IECA' }), 2),
    storedEvent(rg('POSITIVE', { eventId: 'g2', occurredAt: '2024-06-20', receivedAt: '2024-06-20T10:00:00Z', reconsideration: true }), 3),
    storedEvent(cg('POSITIVE', { eventId: 'c1', occurredAt: '2024-07-01', receivedAt: '2024-07-01T10:00:00Z', decisionMaker: 'UKVI' }), 4),
    storedEvent(location('UNKNOWN', { eventId: 'l1', occurredAt: '2024-06-10' }), 5),
    storedEvent(location('ENGLAND_AND_WALES', { eventId: 'l2', occurredAt: '2024-07-20', receivedAt: '2024-07-20T10:00:00Z' }), 6),
    storedEvent(crime({ eventId: 'x1', occurredAt: '2024-06-25T10:00:00Z' }), 7),
    storedEvent(cancel({ eventId: 'k1', occurredAt: '2024-09-01', receivedAt: '2024-09-01T10:00:00Z' }), 8),
  ];

  it('gives the same findings for every permutation of any subset of the events', () => {
    const all = evaluateChecks(fold(events), ctx);
    expect(new Set(all.map((f) => f.check)).size).toBeGreaterThanOrEqual(8);
    fc.assert(
      fc.property(
        fc
          .subarray(events)
          .chain((sub) => fc.tuple(fc.constant(sub), fc.shuffledSubarray(sub, { minLength: sub.length, maxLength: sub.length }))),
        ([sub, perm]) => {
          expect(evaluateChecks(fold(perm), ctx)).toEqual(evaluateChecks(fold(sub), ctx));
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (perm) => {
        expect(evaluateChecks(fold(perm), ctx)).toEqual(all);
      }),
      { numRuns: 200 },
    );
  });
});

describe('src/hocr/checks is pure', () => {
  it('loads and runs without any framework, database or I/O module', () => {
    for (const name of [
      '@nestjs/common',
      '@nestjs/core',
      'typeorm',
      'pg',
      '@electric-sql/pglite',
      'fs',
      'node:fs',
      'http',
      'node:http',
      'net',
      'child_process',
    ]) {
      jest.doMock(
        name,
        () => {
          throw new Error(`src/hocr/checks must not import ${name}`);
        },
        { virtual: true },
      );
    }
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const checks = require('./index') as typeof import('./index');
      expect(checks.evaluateChecks(fold([]), ctx)).toEqual([]);
    });
  });
});
