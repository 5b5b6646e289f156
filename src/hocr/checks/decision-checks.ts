// Checks on competent authority decisions: MS-08 (CG before the recovery period ended), MS-11
// (decision against a DtN referral), MS-12 (decision maker not valid), MS-14 (decision dated before its
// referral). One finding per offending decision. SPEC §6; readings in docs/decisions.md (HOCR domain).
import { cgBeforeRecoveryPeriodEnd, decisionMakerValid, recoveryPeriodEnd } from '../decision-makers';
import type { DecisionFacts, Facts } from '../facts';
import { londonDate } from '../time';
import { compareRefs, maxIso } from './common';
import { defineCheck, raw, type RawFinding } from './define';

/** RG and CG decisions together, in fold order. */
export function decisionsInFoldOrder(f: Facts): DecisionFacts[] {
  return [...f.rgDecisions, ...f.cgDecisions].sort(compareRefs);
}

/**
 * The RG that stands when `cg` is made (the latest before it in fold order), if it is positive: the one the
 * recovery period runs from. Null when it is negative (reconsidered negative: no recovery period runs) or there
 * is none (decisions.md HOCR 36).
 */
export function recoveryRg(f: Facts, cg: DecisionFacts): DecisionFacts | null {
  let standing: DecisionFacts | null = null;
  for (const d of f.rgDecisions) if (compareRefs(d, cg) < 0) standing = d;
  return standing?.outcome === 'POSITIVE' ? standing : null;
}

export const MS08 = defineCheck({
  id: 'MS-08',
  severity: 'warning',
  title: 'CG decision before the recovery period ended (45 or 30 days after the positive RG, by RG date)',
  endsOnTransfer: false,
  find: (f) => {
    const out: RawFinding[] = [];
    for (const c of f.cgDecisions) {
      const rg = recoveryRg(f, c);
      if (rg === null || !cgBeforeRecoveryPeriodEnd(rg.occurredInstant, c.occurredInstant)) continue;
      out.push(
        raw(
          c.receivedAt,
          [c.eventId, rg.eventId],
          `Conclusive grounds decision dated before the recovery period from the positive reasonable grounds decision ended on ${recoveryPeriodEnd(rg.occurredInstant)}`,
        ),
      );
    }
    return out;
  },
});

export const MS11 = defineCheck({
  id: 'MS-11',
  severity: 'warning',
  title: 'RG or CG decision recorded against a DtN referral',
  endsOnTransfer: false,
  find: (f) => {
    const r = f.referral;
    if (r === null || r.referralType !== 'DTN') return [];
    return decisionsInFoldOrder(f).map((d) =>
      raw(
        maxIso(d.receivedAt, r.receivedAt),
        [d.eventId, r.eventId],
        `${d.stage} decision recorded against a Duty to Notify referral, which is not an NRM referral and gets no decision`,
      ),
    );
  },
});

export const MS12 = defineCheck({
  id: 'MS-12',
  severity: 'warning',
  title: "Decision maker not valid on the decision date, for the force or for the victim's age",
  endsOnTransfer: false,
  find: (f, ctx) => {
    const victim = f.referral?.victim ?? null;
    const out: RawFinding[] = [];
    for (const d of decisionsInFoldOrder(f)) {
      const verdict = decisionMakerValid(d.decisionMaker, d.occurredInstant, {
        // the force that held the referral and sent the decision: a sending force's, carried by a transfer
        force: ctx.carriedFrom?.get(d.eventId) ?? ctx.force,
        victimAgeGroup: victim?.ageGroup ?? null,
        victimAgeDisputed: victim?.ageDisputed ?? false,
        stage: d.stage,
      });
      if (!verdict.valid) out.push(raw(d.receivedAt, [d.eventId], verdict.reason));
    }
    return out;
  },
});

/**
 * SPEC §4 "accept and flag": a decision dated before the referral it decides (the London date of its
 * `occurredAt` before a referral date, the day the referral was made to the competent authority). Every
 * REFERRAL_RECEIVED event is judged, as MS-06/07/13 judge them (decisions.md HOCR 34), so a later referral
 * event with another date does not make the finding disappear. Not in the SPEC §6 table, whose MS-09 measures
 * the order of receipt; the service's own check (docs/decisions.md, "A decision dated before its referral").
 * Due when the force held the decision and an offending referral; events are not edited, so only a
 * cancellation resolves it.
 */
export const MS14 = defineCheck({
  id: 'MS-14',
  severity: 'warning',
  title: 'RG or CG decision dated before the referral date',
  endsOnTransfer: false,
  find: (f) => {
    const dated = f.referrals.map((r) => ({ r, date: londonDate(r.occurredInstant) }));
    const out: RawFinding[] = [];
    for (const d of decisionsInFoldOrder(f)) {
      const decidedOn = londonDate(d.occurredInstant);
      const later = dated.filter((x) => x.date > decidedOn);
      if (later.length === 0) continue;
      const first = later.reduce((a, b) => (b.r.receivedAt < a.r.receivedAt ? b : a));
      out.push(
        raw(
          maxIso(d.receivedAt, first.r.receivedAt),
          [d.eventId, ...later.map((x) => x.r.eventId)],
          `${d.stage} decision dated ${decidedOn}, before the referral date ${first.date}: a decision cannot precede its referral; check both dates`,
        ),
      );
    }
    return out;
  },
});
