// How a check is declared: its SPEC §6 row and a `find` over facts that returns the raw breach
// intervals; `defineCheck` adds the shared closings (cancellation, transfer) and the row's severity.
import type { Facts } from '../facts';
import { close } from './common';
import type { Check, CheckContext, CheckId, FindingSpec, Severity } from './finding';

export type RawFinding = Omit<FindingSpec, 'check' | 'severity'>;

export interface CheckDeclaration {
  readonly id: CheckId;
  readonly severity: Severity;
  /** The SPEC §6 wording. */
  readonly title: string;
  /** The obligation moves with the referral to the receiving force (decisions.md HOCR 28). */
  readonly endsOnTransfer: boolean;
  readonly find: (facts: Facts, ctx: CheckContext) => RawFinding[];
}

export interface RegisteredCheck {
  readonly id: CheckId;
  readonly severity: Severity;
  readonly title: string;
  readonly run: Check;
}

export function defineCheck(d: CheckDeclaration): RegisteredCheck {
  const run: Check = (facts, ctx) =>
    close(
      d.find(facts, ctx).map((r) => ({ check: d.id, severity: d.severity, ...r })),
      facts,
      { endsOnTransfer: d.endsOnTransfer },
      ctx.heldFrom ?? null,
    );
  return { id: d.id, severity: d.severity, title: d.title, run };
}

export function raw(dueAt: string, evidence: readonly string[], message: string, resolvedAt: string | null = null): RawFinding {
  return { dueAt, resolvedAt, evidence: [...evidence], message };
}
