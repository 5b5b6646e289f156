// Which competent authority may make which decision when (SPEC §1 [decision]), for check MS-12, and
// the recovery period that governs the earliest CG decision (SPEC §1, check MS-08).
import type { AgeGroup, DecisionMaker } from './event-types';
import { isPilotForce } from './forces';
import { addDays } from './iso';
import { toLondonDate, type InstantInput } from './time';

export type DecisionStage = 'RG' | 'CG';

export interface DecisionContext {
  /** The force that owns the record. */
  readonly force: string;
  /** Null when the record has no referral yet. */
  readonly victimAgeGroup: AgeGroup | null;
  readonly victimAgeDisputed?: boolean;
  readonly stage: DecisionStage;
}

export interface DecisionMakerVerdict {
  readonly valid: boolean;
  readonly reason: string;
}

interface MakerRule {
  /** First London date the maker may decide, inclusive; null = no lower bound. */
  readonly from: string | null;
  /** Last London date, inclusive; null = still valid. */
  readonly to: string | null;
  readonly stages: readonly DecisionStage[];
  readonly pilotForcesOnly: boolean;
  readonly childrenOnly: boolean;
  readonly label: string;
}

const BOTH: readonly DecisionStage[] = ['RG', 'CG'];

// SPEC §1 [decision]. One table so a Force Crime Registrar can change the dates in one place.
export const DECISION_MAKER_RULES: Readonly<Record<DecisionMaker, MakerRule>> = {
  UKHTC: { from: null, to: '2019-04-28', stages: BOTH, pilotForcesOnly: false, childrenOnly: false, label: 'UKHTC/NCA' },
  UKVI: { from: null, to: '2019-04-28', stages: BOTH, pilotForcesOnly: false, childrenOnly: false, label: 'UKVI' },
  SSL: {
    from: '2015-07-31',
    to: '2019-04-28',
    stages: ['RG'],
    pilotForcesOnly: true,
    childrenOnly: false,
    label: 'a Slavery Safeguarding Lead',
  },
  MDP: {
    from: '2015-07-31',
    to: '2019-04-28',
    stages: ['CG'],
    pilotForcesOnly: true,
    childrenOnly: false,
    label: 'a multi-disciplinary panel',
  },
  SCA: { from: '2019-04-29', to: null, stages: BOTH, pilotForcesOnly: false, childrenOnly: false, label: 'the SCA' },
  IECA: { from: '2021-11-08', to: null, stages: BOTH, pilotForcesOnly: false, childrenOnly: false, label: 'the IECA' },
  DEVOLVED_CHILD_PILOT: {
    from: '2021-06-01',
    to: null,
    stages: BOTH,
    pilotForcesOnly: false,
    childrenOnly: true,
    label: 'the devolved child decision-making pilot',
  },
};

/**
 * Whether `maker` could make a `stage` decision on `decisionDate` (a London date, or an instant whose
 * London date counts) for this force and victim. Reasons are phrased for the MS-12 finding.
 */
export function decisionMakerValid(maker: DecisionMaker, decisionDate: InstantInput, ctx: DecisionContext): DecisionMakerVerdict {
  const rule = DECISION_MAKER_RULES[maker];
  const date = toLondonDate(decisionDate);
  if (rule.from !== null && date < rule.from) {
    return { valid: false, reason: `${maker}: ${rule.label} made no decisions before ${rule.from} (decision dated ${date})` };
  }
  if (rule.to !== null && date > rule.to) {
    return { valid: false, reason: `${maker}: ${rule.label} made no decisions after ${rule.to} (decision dated ${date})` };
  }
  if (!rule.stages.includes(ctx.stage)) {
    return { valid: false, reason: `${maker}: ${rule.label} makes ${rule.stages.join('/')} decisions only, not ${ctx.stage}` };
  }
  if (rule.pilotForcesOnly && !isPilotForce(ctx.force)) {
    return { valid: false, reason: `${maker}: ${rule.label} decided only in the 2015–2019 pilot forces, not ${ctx.force}` };
  }
  // MSA s51: a person who may be under 18 is presumed a child, so UNKNOWN, age-disputed and
  // not-yet-known ages do not make a pilot decision invalid (docs/decisions.md (HOCR domain)).
  if (rule.childrenOnly && ctx.victimAgeGroup === 'ADULT' && ctx.victimAgeDisputed !== true) {
    return { valid: false, reason: `${maker}: ${rule.label} decides for children only, and the victim is an adult` };
  }
  return { valid: true, reason: `${maker}: ${rule.label} may make ${ctx.stage} decisions on ${date}` };
}

// SPEC §1: recovery period of 45 calendar days for RG decisions before 13 December 2022, 30 from then.
export const RECOVERY_PERIOD_CHANGE_DATE = '2022-12-13';

export function recoveryPeriodDays(rgDecisionDate: InstantInput): 30 | 45 {
  return toLondonDate(rgDecisionDate) < RECOVERY_PERIOD_CHANGE_DATE ? 45 : 30;
}

/**
 * The first London date on which a CG decision is not early: the RG date plus the recovery period in
 * calendar days. A CG dated before this is an MS-08 finding.
 */
export function recoveryPeriodEnd(rgDecisionDate: InstantInput): string {
  const rgDate = toLondonDate(rgDecisionDate);
  return addDays(rgDate, recoveryPeriodDays(rgDate));
}

/** MS-08 helper: true when the CG date falls before the recovery period from the positive RG ended. */
export function cgBeforeRecoveryPeriodEnd(rgDecisionDate: InstantInput, cgDecisionDate: InstantInput): boolean {
  return toLondonDate(cgDecisionDate) < recoveryPeriodEnd(rgDecisionDate);
}
