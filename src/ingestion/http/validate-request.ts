import { ForbiddenError, ValidationFailedError, type ErrorDetail } from '../../common/app-error';
import type { HocrEvent } from '../../hocr/event-types';
import { validateEvent } from '../../hocr/validate-event';
import { canSeeForce, type Principal } from '../../auth/principal';

export const MAX_BATCH = 1000;
/** Problems listed for a batch at most (one per event of a full batch); the rest are counted in one more entry. */
export const MAX_BATCH_DETAILS = 1000;

function checkScope(events: HocrEvent[], principal: Principal): void {
  const outside = [...new Set(events.filter((e) => !canSeeForce(principal, e.force)).map((e) => e.force))];
  if (outside.length > 0) {
    throw new ForbiddenError('FORCE_FORBIDDEN', `The token does not cover force ${outside.join(', ')}; nothing was written`);
  }
}

/** One event: the domain validator, then the caller's force scope (403). */
export function validateOne(body: unknown, principal: Principal): HocrEvent {
  const v = validateEvent(body);
  if (!v.ok)
    throw new ValidationFailedError(
      v.errors.map((e) => ({ field: e.field, reason: e.reason })),
      'The event is not valid; nothing was written',
    );
  checkScope([v.event], principal);
  return v.event;
}

/** A batch is all or nothing: any malformed event refuses it, with the index and field of each problem. */
export function validateBatch(body: unknown, principal: Principal): HocrEvent[] {
  const raw = (body as { events?: unknown } | null)?.events;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationFailedError([{ field: 'body', reason: 'must be an object { "events": [...] }' }]);
  }
  const extra = Object.keys(body).filter((k) => k !== 'events');
  if (extra.length > 0) throw new ValidationFailedError(extra.map((k) => ({ field: k, reason: 'is not allowed' })));
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > MAX_BATCH) {
    throw new ValidationFailedError([{ field: 'events', reason: `must be an array of 1 to ${MAX_BATCH} events` }]);
  }
  const events: HocrEvent[] = [];
  const details: ErrorDetail[] = [];
  raw.forEach((item, index) => {
    const v = validateEvent(item);
    if (v.ok) events.push(v.event);
    else for (const e of v.errors) details.push({ index, field: `events[${index}].${e.field}`, reason: e.reason });
  });
  if (details.length > 0) {
    const message = `${new Set(details.map((d) => d.index)).size} event(s) are not valid; nothing was written`;
    const listed = details.length <= MAX_BATCH_DETAILS ? details : details.slice(0, MAX_BATCH_DETAILS);
    if (listed !== details) listed.push({ field: 'events', reason: `and ${details.length - MAX_BATCH_DETAILS} more problems, not listed` });
    throw new ValidationFailedError(listed, message);
  }
  checkScope(events, principal);
  return events;
}
