// The thirteen checks of SPEC §6 in table order, then the service's own MS-14 and MS-15, and the ways to run them.
import type { Facts } from '../facts';
import { MS15 } from './date-checks';
import { MS08, MS11, MS12, MS14 } from './decision-checks';
import { MS03, MS04, MS05, MS09, MS10 } from './deadline-checks';
import type { RegisteredCheck } from './define';
import type { CheckContext, CheckId, FindingSpec, FindingStatus, Severity, Check } from './finding';
import { findingStatus } from './finding';
import { MS13 } from './first-responders';
import { MS01, MS02, MS06, MS07 } from './referral-checks';

export const CHECKS: readonly { readonly id: CheckId; readonly severity: Severity; readonly title: string; readonly run: Check }[] = [
  MS01,
  MS02,
  MS03,
  MS04,
  MS05,
  MS06,
  MS07,
  MS08,
  MS09,
  MS10,
  MS11,
  MS12,
  MS13,
  MS14,
  MS15,
] satisfies readonly RegisteredCheck[];

const BY_ID: ReadonlyMap<CheckId, (typeof CHECKS)[number]> = new Map(CHECKS.map((c) => [c.id, c]));

export function checkById(id: CheckId): (typeof CHECKS)[number] {
  const c = BY_ID.get(id);
  /* istanbul ignore next: CHECKS covers CHECK_IDS (tested) */
  if (c === undefined) throw new Error(`unknown check ${id}`);
  return c;
}

/** Every check's findings on one record, in SPEC §6 order (within a check, in fold order). */
export function evaluateChecks(facts: Facts, ctx: CheckContext): FindingSpec[] {
  return CHECKS.flatMap((c) => c.run(facts, ctx));
}

export type EvaluatedFinding = FindingSpec & { readonly status: FindingStatus };

/** evaluateChecks with each finding's status at a clock (ISO UTC instant); not-due findings included. */
export function evaluateAt(facts: Facts, ctx: CheckContext, clock: string): EvaluatedFinding[] {
  const at = new Date(clock).toISOString();
  return evaluateChecks(facts, ctx).map((f) => ({ ...f, status: findingStatus(f, at) }));
}

/** Checks that can raise several findings on one record: one per offending decision (MS-15: event). */
const PER_EVENT: ReadonlySet<CheckId> = new Set<CheckId>(['MS-08', 'MS-11', 'MS-12', 'MS-14', 'MS-15']);

/**
 * A finding's identity within its record, stable as events arrive (for storage to update a finding
 * in place): the check id, plus the offending decision's event id for the per-decision checks.
 */
export function findingKey(f: Pick<FindingSpec, 'check' | 'evidence'>): string {
  return PER_EVENT.has(f.check) ? `${f.check}:${f.evidence[0] ?? ''}` : f.check;
}
