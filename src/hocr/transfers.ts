// What follows a transfer (SPEC §4 TRANSFERRED; docs/decisions.md, Engine: "What follows a transfer"): which
// forces' events a force's record of a referral folds. Used by the refold and by the revisions of a return.
import type { HocrEvent } from './event-types';
import type { TransferFacts } from './facts';
import { londonDate } from './time';

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

/** Which of two transfers came first, as far as the data can say: London date, then receipt, then arrival. */
function before(a: TransferFacts, b: TransferFacts): boolean {
  const da = londonDate(a.occurredInstant);
  const db = londonDate(b.occurredInstant);
  if (da !== db) return da < db;
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt; // ISO UTC strings sort as instants
  return a.seq < b.seq;
}

const earliest = (list: readonly TransferFacts[]): TransferFacts => list.reduce((a, b) => (before(b, a) ? b : a));

/**
 * The transfer by which `force` no longer holds the referral, or null while it holds it (SPEC §4: "The sending
 * record becomes N200/06"). `transfers` are those the force's record folds: its own and those of every force
 * that transferred the referral to it, directly or through others. Only the transfers the force sent or
 * received decide: a transfer between two other forces, which a record further down a chain carries, does not
 * send this force's referral anywhere. A force can only send on what it holds, so whether it holds the
 * referral follows from the counts, whatever order the transfers' dates put them in (a date alone reads as
 * 00:00 London, before a date-time of the same day, which put a chain's transfers out of order):
 * - none sent: it holds it;
 * - more sent than received: it sent it on (it is the force that first had the referral);
 * - more received than sent: it holds it (it was sent back);
 * - as many of each: it passed it on, unless it is the force that first had the referral (then it was sent
 *   back). That force is the one that sent more than it received; when every force sent as many as it
 *   received (the referral is back with its first force), the one whose first transfer out came before its
 *   first transfer in, by London date, then receipt, then arrival.
 * The transfer returned is the latest the force sent, in the order given (fold order).
 * docs/decisions.md, Engine: "Who holds a transferred referral".
 */
export function transferredAway(force: string, transfers: readonly TransferFacts[]): TransferFacts | null {
  const sent = transfers.filter((t) => t.fromForce === force);
  if (sent.length === 0) return null;
  const received = transfers.filter((t) => t.toForce === force);
  if (sent.length === received.length && isFirstHolder(force, sent, received, transfers)) return null;
  return sent.length >= received.length ? sent[sent.length - 1] : null;
}

/** For a force that sent as many transfers as it received: whether it had the referral before any came in. */
function isFirstHolder(
  force: string,
  sent: readonly TransferFacts[],
  received: readonly TransferFacts[],
  all: readonly TransferFacts[],
): boolean {
  const balance = new Map<string, number>();
  for (const t of all) {
    balance.set(t.fromForce, (balance.get(t.fromForce) ?? 0) + 1);
    balance.set(t.toForce, (balance.get(t.toForce) ?? 0) - 1);
  }
  for (const [other, b] of balance) if (b > 0 && other !== force) return false;
  return before(earliest(sent), earliest(received));
}
