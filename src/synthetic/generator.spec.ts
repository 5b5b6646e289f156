import { designatedFirstResponder } from '../hocr/checks/first-responders';
import { decisionMakerValid, recoveryPeriodEnd } from '../hocr/decision-makers';
import type { AgeGroup, DecisionMaker } from '../hocr/event-types';
import { FORCES } from '../hocr/forces';
import { londonDate, rgDueDate } from '../hocr/time';
import { validateEvent } from '../hocr/validate-event';
import { generateEvents, generateOrdered, newStats, plannedReferrals, resolveOptions, type GeneratorOptions } from './generator';
import { BREACH_KINDS, ORGANISATIONS, type SyntheticEvent } from './referral';

// Generation is fast, but a year of events under a loaded 2-core machine is not a 5-second job.
jest.setTimeout(120_000);

const BASE: GeneratorOptions = { from: '2024-01', to: '2024-03', scale: 1, seed: 42, outOfOrder: 0, duplicates: 0, breaches: 0 };

function take(opts: GeneratorOptions, n = Infinity): SyntheticEvent[] {
  const out: SyntheticEvent[] = [];
  for (const e of generateEvents(opts)) {
    if (out.length >= n) break;
    out.push(e);
  }
  return out;
}

const lines = (events: SyntheticEvent[]): string[] => events.map((e) => JSON.stringify(e));
const ms = (iso: string): number => Date.parse(iso);

// One year of clean data shared by the proportion tests (about 22k referrals, 60k events).
let year2023: SyntheticEvent[];
beforeAll(() => {
  year2023 = take({ ...BASE, from: '2023-01', to: '2023-12', horizon: '2026-10' });
});

describe('determinism', () => {
  it('gives the same lines for the same seed and options', () => {
    const opts = { ...BASE, outOfOrder: 0.05, duplicates: 0.02, breaches: 0.05 };
    expect(lines(take(opts, 3000))).toEqual(lines(take(opts, 3000)));
  });

  it('gives different lines for a different seed', () => {
    const a = lines(take(BASE, 500));
    const b = lines(take({ ...BASE, seed: 43 }, 500));
    expect(b).not.toEqual(a);
    expect(b[0]).toMatch(/"eventId":"g43-/);
  });

  it('gives a referral the same ids and content whatever the period starts or ends', () => {
    const whole = take({ ...BASE, from: '2024-01', to: '2024-03', horizon: '2024-12' });
    const feb = take({ ...BASE, from: '2024-02', to: '2024-02', horizon: '2024-12' });
    const byId = new Map(whole.map((e) => [e.eventId, JSON.stringify(e)]));
    expect(feb.length).toBeGreaterThan(1000);
    for (const e of feb) expect(JSON.stringify(e)).toBe(byId.get(e.eventId));
  });

  it('cuts the history at the horizon: a later horizon only adds events', () => {
    const short = take(BASE);
    const long = take({ ...BASE, horizon: '2025-06' });
    const longIds = new Set(long.map((e) => e.eventId));
    expect(short.every((e) => longIds.has(e.eventId))).toBe(true);
    expect(long.length).toBeGreaterThan(short.length);
    const end = ms('2024-03-31T23:00:00Z'); // 2024-04-01 00:00 London
    expect(short.every((e) => ms(e.receivedAt as string) < end)).toBe(true);
  });
});

describe('validity', () => {
  it('every event passes validateEvent, with breaches, duplicates and out-of-order deliveries', () => {
    const events = take({ ...BASE, outOfOrder: 0.05, duplicates: 0.02, breaches: 0.2, horizon: '2025-12' });
    expect(events.length).toBeGreaterThan(10_000);
    const bad = events.map((e) => ({ e, v: validateEvent(e) })).filter((x) => !x.v.ok);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('has unique event ids (apart from duplicate deliveries, which repeat the content exactly)', () => {
    const stats = newStats();
    const events = [...generateEvents({ ...BASE, duplicates: 0.05 }, stats)];
    const seen = new Map<string, string>();
    let repeats = 0;
    for (const e of events) {
      const text = JSON.stringify(e);
      const before = seen.get(e.eventId);
      if (before !== undefined) {
        repeats++;
        expect(text).toBe(before);
      } else seen.set(e.eventId, text);
    }
    expect(repeats).toBe(stats.delivery.duplicated);
    expect(repeats).toBeGreaterThan(0);
  });

  it('uses referral references NRM-<year>-<n> and DTN-<year>-<n>', () => {
    const refs = new Set(year2023.map((e) => e.referralRef));
    for (const r of refs) expect(r).toMatch(/^(NRM|DTN)-2023-\d{6}$/);
    expect(refs.has('NRM-2023-000001')).toBe(true);
  });

  it('names only designated first responders unless a breach says otherwise', () => {
    for (const [type, names] of Object.entries(ORGANISATIONS)) {
      for (const organisation of names) {
        expect(designatedFirstResponder({ type: type as never, organisation }).designated).toBe(true);
      }
    }
    for (const f of FORCES) expect(designatedFirstResponder({ type: 'POLICE', organisation: f.name }).designated).toBe(true);
  });
});

describe('clean data keeps the rules', () => {
  interface Ref {
    force: string;
    ageGroup: AgeGroup;
    ageDisputed: boolean;
    referralDate: string;
    receivedAt: string;
  }

  function referrals(events: SyntheticEvent[]): Map<string, Ref> {
    const refs = new Map<string, Ref>();
    for (const e of events) {
      if (e.type !== 'REFERRAL_RECEIVED') continue;
      const v = e.victim as { ageGroup: AgeGroup; ageDisputed: boolean };
      refs.set(e.referralRef, {
        force: e.force,
        ageGroup: v.ageGroup,
        ageDisputed: v.ageDisputed,
        referralDate: londonDate(e.occurredAt),
        receivedAt: e.receivedAt as string,
      });
    }
    return refs;
  }

  it('decision makers are valid for the date, force and victim (2019-04 to 2026-10, SCA, IECA, pilot, UKHTC)', () => {
    const events = take({ ...BASE, from: '2019-04', to: '2026-10', scale: 0.05 });
    const refs = referrals(events);
    const makers = new Set<DecisionMaker>();
    for (const e of events) {
      if (e.type !== 'RG_DECISION' && e.type !== 'CG_DECISION') continue;
      const r = refs.get(e.referralRef)!;
      const maker = e.decisionMaker as DecisionMaker;
      makers.add(maker);
      const verdict = decisionMakerValid(maker, e.occurredAt, {
        force: r.force,
        victimAgeGroup: r.ageGroup,
        victimAgeDisputed: r.ageDisputed,
        stage: e.type === 'RG_DECISION' ? 'RG' : 'CG',
      });
      expect(verdict).toEqual(expect.objectContaining({ valid: true }));
    }
    expect([...makers].sort()).toEqual(expect.arrayContaining(['DEVOLVED_CHILD_PILOT', 'IECA', 'SCA']));
  });

  it('RG within 5 working days, CG after the recovery period, crimes within 24 hours, records within 24 hours', () => {
    const refs = referrals(year2023);
    const lastPositiveRg = new Map<string, string>();
    const lastReceived = new Map<string, number>();
    for (const e of year2023) {
      const r = refs.get(e.referralRef)!;
      if (e.type === 'REFERRAL_RECEIVED') {
        expect(ms(e.recordedAt as string) - ms(e.receivedAt as string)).toBeLessThanOrEqual(24 * 3600_000);
      }
      if (e.type === 'RG_DECISION' && !e.reconsideration) {
        expect(londonDate(e.occurredAt) <= rgDueDate(r.referralDate)).toBe(true);
        expect(londonDate(e.occurredAt) > r.referralDate).toBe(true);
      }
      if (e.type === 'RG_DECISION' && e.outcome === 'POSITIVE') lastPositiveRg.set(e.referralRef, londonDate(e.occurredAt));
      if (e.type === 'CG_DECISION' && !e.reconsideration) {
        expect(londonDate(e.occurredAt) >= recoveryPeriodEnd(lastPositiveRg.get(e.referralRef)!)).toBe(true);
      }
      if (e.type === 'CRIME_RECORDED') {
        // Within 24 hours of the referral (police route) or of the positive RG: each history is in
        // receivedAt order, so that is the last event received before the crime.
        expect(ms(e.receivedAt as string) - lastReceived.get(e.referralRef)!).toBeLessThanOrEqual(24 * 3600_000);
      } else lastReceived.set(e.referralRef, ms(e.receivedAt as string));
    }
  });

  it('owed crimes are recorded: police DtN reports in England and Wales, and by the receiving force after a transfer', () => {
    const byRef = new Map<string, SyntheticEvent[]>();
    for (const e of year2023) byRef.set(e.referralRef, [...(byRef.get(e.referralRef) ?? []), e]);
    let policeDtn = 0;
    let transfersOwingCrime = 0;
    for (const events of byRef.values()) {
      const r = events.find((e) => e.type === 'REFERRAL_RECEIVED')!;
      const crimes = events.filter((e) => e.type === 'CRIME_RECORDED');
      const cancelled = events.some((e) => e.type === 'RECORD_CANCELLED');
      if (
        r.referralType === 'DTN' &&
        (r.firstResponder as { type: string }).type === 'POLICE' &&
        r.exploitationLocation !== 'OVERSEAS' &&
        r.exploitationLocation !== 'UNKNOWN' &&
        !cancelled
      ) {
        policeDtn++;
        expect(crimes.length).toBeGreaterThan(0);
      }
      const transfer = events.find((e) => e.type === 'TRANSFERRED');
      if (transfer && !cancelled && crimes.some((c) => c.force === r.force && ms(c.occurredAt) <= ms(transfer.occurredAt))) {
        transfersOwingCrime++;
        expect(crimes.some((c) => c.force === transfer.toForce)).toBe(true);
      }
    }
    expect(policeDtn).toBeGreaterThan(100);
    expect(transfersOwingCrime).toBeGreaterThan(10);
  });

  it('DtN reports are always adults with no decisions', () => {
    const dtn = new Set<string>();
    for (const e of year2023) {
      if (e.type === 'REFERRAL_RECEIVED' && e.referralType === 'DTN') {
        dtn.add(e.referralRef);
        expect(e.victim).toEqual({ ageGroup: 'ADULT', ageDisputed: false, consentToNrm: false });
      }
    }
    expect(year2023.some((e) => dtn.has(e.referralRef) && (e.type === 'RG_DECISION' || e.type === 'CG_DECISION'))).toBe(false);
  });
});

describe('proportions on one year (2023, scale 1)', () => {
  const share = (n: number, d: number): number => n / d;

  it('volumes follow the published figures: 17.0k NRM and 4.94k DtN in 2023', () => {
    const rr = year2023.filter((e) => e.type === 'REFERRAL_RECEIVED');
    expect(rr.filter((e) => e.referralType === 'NRM').length).toBe(17_000);
    expect(rr.filter((e) => e.referralType === 'DTN').length).toBe(4_940);
  });

  it('children ≈ 43% of NRM referrals, police first responders ≈ 23%, locations 49/36/14/1', () => {
    const rr = year2023.filter((e) => e.type === 'REFERRAL_RECEIVED');
    const nrm = rr.filter((e) => e.referralType === 'NRM');
    const children = nrm.filter((e) => (e.victim as { ageGroup: string }).ageGroup === 'CHILD').length;
    expect(Math.abs(share(children, nrm.length) - 0.43)).toBeLessThan(0.015);
    const police = rr.filter((e) => (e.firstResponder as { type: string }).type === 'POLICE').length;
    expect(Math.abs(share(police, rr.length) - 0.23)).toBeLessThan(0.015);
    const loc = (l: string): number => share(rr.filter((e) => e.exploitationLocation === l).length, rr.length);
    expect(Math.abs(loc('UK') - 0.49)).toBeLessThan(0.015);
    expect(Math.abs(loc('OVERSEAS') - 0.36)).toBeLessThan(0.015);
    expect(Math.abs(loc('BOTH') - 0.14)).toBeLessThan(0.01);
    expect(Math.abs(loc('UNKNOWN') - 0.01)).toBeLessThan(0.005);
  });

  it('police referrals by the owning force are POLICE_REFERRAL, a few DIRECT_REPORT', () => {
    const rr = year2023.filter((e) => e.type === 'REFERRAL_RECEIVED' && (e.firstResponder as { type: string }).type === 'POLICE');
    const own = rr.filter((e) => e.source === 'POLICE_REFERRAL').length;
    const direct = rr.filter((e) => e.source === 'DIRECT_REPORT').length;
    expect(Math.abs(share(own, rr.length) - 0.8)).toBeLessThan(0.03);
    expect(Math.abs(share(direct, rr.length) - 0.05)).toBeLessThan(0.02);
  });

  it('positive RG ≈ 55% from 2023 and ≈ 90% before', () => {
    const positive = (events: SyntheticEvent[]): number => {
      const rg = events.filter((e) => e.type === 'RG_DECISION' && !e.reconsideration);
      return share(rg.filter((e) => e.outcome === 'POSITIVE').length, rg.length);
    };
    expect(Math.abs(positive(year2023) - 0.55)).toBeLessThan(0.02);
    expect(Math.abs(positive(take({ ...BASE, from: '2021-01', to: '2021-06' })) - 0.9)).toBeLessThan(0.02);
  });

  it('has transfers (~2%), cancellations (~0.5%), reconsiderations, CG decisions and location determinations', () => {
    const n = year2023.filter((e) => e.type === 'REFERRAL_RECEIVED').length;
    const count = (t: string): number => year2023.filter((e) => e.type === t).length;
    expect(Math.abs(share(count('TRANSFERRED'), n) - 0.02)).toBeLessThan(0.005);
    expect(Math.abs(share(count('RECORD_CANCELLED'), n) - 0.005)).toBeLessThan(0.002);
    expect(count('CG_DECISION')).toBeGreaterThan(5_000);
    expect(count('CRIMINALITY_LOCATION_DETERMINED')).toBeGreaterThan(100);
    expect(year2023.some((e) => e.type === 'RG_DECISION' && e.reconsideration === true)).toBe(true);
    expect(year2023.some((e) => e.type === 'CG_DECISION' && e.reconsideration === true)).toBe(true);
    // After a transfer, the history continues under the receiving force.
    const transfer = year2023.find(
      (e) => e.type === 'TRANSFERRED' && year2023.some((x) => x.referralRef === e.referralRef && x.force === e.toForce),
    )!;
    expect(transfer).toBeDefined();
  });
});

describe('breaches', () => {
  it('makes every kind at the configured rate', () => {
    const stats = newStats();
    for (const _ of generateEvents({ ...BASE, breaches: 0.5 }, stats));
    const total = Object.values(stats.breaches).reduce((a, b) => a + (b ?? 0), 0);
    expect(Math.abs(total / stats.referrals - 0.5)).toBeLessThan(0.03);
    expect(Object.keys(stats.breaches).sort()).toEqual([...BREACH_KINDS].sort());
    const clean = newStats();
    for (const _ of generateEvents(BASE, clean));
    expect(clean.breaches).toEqual({});
  });

  it('breaches show in the events: DtN children, the CPS, invalid decision makers, missing consent', () => {
    const events = take({ ...BASE, breaches: 1 });
    const rr = events.filter((e) => e.type === 'REFERRAL_RECEIVED');
    expect(rr.some((e) => e.referralType === 'DTN' && (e.victim as { ageGroup: string }).ageGroup === 'CHILD')).toBe(true);
    expect(rr.some((e) => /^(CPS|Crown Prosecution Service)$/.test((e.firstResponder as { organisation: string }).organisation))).toBe(
      true,
    );
    expect(
      rr.some(
        (e) =>
          e.referralType === 'NRM' &&
          (e.victim as { ageGroup: string; consentToNrm?: boolean }).ageGroup === 'ADULT' &&
          !('consentToNrm' in (e.victim as object)),
      ),
    ).toBe(true);
    expect(events.some((e) => e.type === 'RG_DECISION' && ['UKHTC', 'UKVI', 'MDP'].includes(e.decisionMaker as string))).toBe(true);
  });
});

describe('ordering and delivery', () => {
  it('without delivery faults: referrals in date order, each history together', () => {
    const events = take(BASE);
    let lastDate = '';
    const closed = new Set<string>();
    let current = '';
    for (const e of events) {
      if (e.type === 'REFERRAL_RECEIVED') {
        const d = londonDate(e.occurredAt);
        expect(d >= lastDate).toBe(true);
        lastDate = d;
      }
      if (e.referralRef !== current) {
        expect(closed.has(e.referralRef)).toBe(false);
        if (current) closed.add(current);
        current = e.referralRef;
      }
    }
  });

  it('out-of-order deliveries stay within the window and lose nothing', () => {
    const window = 50;
    const ordered = [...generateOrdered(BASE)].map((e) => e.eventId);
    const position = new Map(ordered.map((id, i) => [id, i]));
    const stats = newStats();
    const shuffled = [...generateEvents({ ...BASE, outOfOrder: 0.1, window }, stats)].map((e) => e.eventId);
    expect(shuffled.length).toBe(ordered.length);
    expect([...shuffled].sort()).toEqual([...ordered].sort());
    let moved = 0;
    shuffled.forEach((id, j) => {
      const i = position.get(id)!;
      expect(Math.abs(i - j)).toBeLessThanOrEqual(window);
      if (i !== j) moved++;
    });
    expect(moved).toBeGreaterThan(0);
    expect(stats.delivery.delayed / ordered.length).toBeCloseTo(0.1, 1);
    expect(stats.delivery.maxHeld).toBeLessThanOrEqual(window);
    // Months stay in order apart from the window: a REFERRAL_RECEIVED is never more than a month behind.
    let maxMonth = '';
    const events = [...generateEvents({ ...BASE, outOfOrder: 0.1, window })];
    for (const e of events.filter((x) => x.type === 'REFERRAL_RECEIVED')) {
      const month = e.occurredAt.slice(0, 7);
      if (month > maxMonth) maxMonth = month;
      expect(month >= '2024-01' && month <= maxMonth).toBe(true);
    }
  });
});

describe('scale and options', () => {
  it('scale multiplies the counts', () => {
    const one = newStats();
    const two = newStats();
    for (const _ of generateEvents(BASE, one));
    for (const _ of generateEvents({ ...BASE, scale: 2 }, two));
    expect(Math.abs(two.referrals - 2 * one.referrals)).toBeLessThanOrEqual(6);
    expect(two.events / one.events).toBeGreaterThan(1.9);
    expect(two.events / one.events).toBeLessThan(2.1);
    expect(plannedReferrals(BASE)).toBe(one.referrals);
    expect(plannedReferrals({ ...BASE, scale: 0.1 })).toBeCloseTo(one.referrals / 10, -1);
  });

  it('refuses bad options with messages fit for the command line', () => {
    expect(() => resolveOptions({ ...BASE, from: '2024-13' })).toThrow('not a month (YYYY-MM): 2024-13');
    expect(() => resolveOptions({ ...BASE, from: '2024-05', to: '2024-04' })).toThrow('--to 2024-04 is before --from 2024-05');
    expect(() => resolveOptions({ ...BASE, scale: 0 })).toThrow('--scale');
    expect(() => resolveOptions({ ...BASE, breaches: 1.5 })).toThrow('--breaches must be a share from 0 to 1');
    expect(() => resolveOptions({ ...BASE, seed: -1 })).toThrow('--seed');
    expect(() => resolveOptions({ ...BASE, horizon: '2023-01' })).toThrow('--horizon 2023-01 is before --to 2024-03');
  });
});
