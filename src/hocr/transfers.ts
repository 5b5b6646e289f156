// What follows a transfer (SPEC §4 TRANSFERRED; docs/decisions.md, Engine: "What follows a transfer"): which
// forces' events a force's record of a referral folds. Used by the refold and by the revisions of a return.
import type { HocrEvent } from './event-types';

/**
 * Events about a force's own record, not about the referral: they never follow a transfer. The receiving
 * force records the crime on its own system (its own CRN) and only its Force Crime Registrar cancels its
 * record (docs/decisions.md, Engine: "What follows a transfer").
 */
const FORCE_OWN_TYPES: ReadonlySet<HocrEvent['type']> = new Set(['CRIME_RECORDED', 'RECORD_CANCELLED']);

/** A TRANSFERRED event of a referral, as the records it feeds need it: who sent it where. */
export interface TransferEdge {
  from: string;
  to: string;
}

/** receiving force → forces that transferred the referral to it. */
function transfersInto(edges: Iterable<TransferEdge>): Map<string, Set<string>> {
  const into = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!into.has(to)) into.set(to, new Set());
    into.get(to)!.add(from);
  }
  return into;
}

/**
 * The forces whose events a force's record of a referral folds: the force itself and every force that
 * transferred the referral to it, directly or through others.
 */
export function contributingForces(force: string, transfers: Iterable<TransferEdge>): Set<string> {
  return closure(force, transfersInto(transfers));
}

/** Whether an event of `eventForce`, of type `type`, folds into the record of `force` whose contributors are given. */
export function foldsInto(force: string, contributors: ReadonlySet<string>, eventForce: string, type: HocrEvent['type']): boolean {
  return contributors.has(eventForce) && (eventForce === force || !FORCE_OWN_TYPES.has(type));
}

function closure(force: string, into: Map<string, Set<string>>): Set<string> {
  const seen = new Set([force]);
  const queue = [force];
  while (queue.length > 0) {
    for (const from of into.get(queue.pop()!) ?? []) {
      if (!seen.has(from)) {
        seen.add(from);
        queue.push(from);
      }
    }
  }
  return seen;
}
