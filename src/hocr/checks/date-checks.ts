// MS-15 (the service's own check): an event dated after the day after the service stored it. SPEC §4 accepts
// every well-formed date and flags what is inconsistent with the rules; a date in the future is a wrong date on
// the force system (a mistyped year, a month and day swapped). docs/decisions.md, "An event dated in the future
// (MS-15, the service's own check)".
import type { EventRef, Facts } from '../facts';
import { addDays } from '../iso';
import { londonDate } from '../time';
import { compareRefs, minIso } from './common';
import { defineCheck, raw, type RawFinding } from './define';

/** An event of the record that the facts keep, with the clocks the force gave it. */
interface DatedEvent {
  readonly ref: EventRef;
  /** When it happened, when the force received it and (a referral's) when the force recorded it. */
  readonly dates: readonly (readonly [field: string, instant: string])[];
}

/** Every event the facts keep, in fold order. */
function datedEvents(f: Facts): DatedEvent[] {
  const dated = (ref: EventRef, recordedAt: string | null = null): DatedEvent => ({
    ref,
    dates: [
      ['occurredAt', ref.occurredInstant],
      ['receivedAt', ref.receivedAt],
      ...(recordedAt === null ? [] : [['recordedAt', recordedAt] as const]),
    ],
  });
  return [
    ...f.referrals.map((r) => dated(r, r.recordedAt)),
    ...[...f.locationDeterminations, ...f.rgDecisions, ...f.cgDecisions, ...f.transfers, ...f.crimes].map((e) => dated(e)),
    ...(f.cancellation ? [dated(f.cancellation)] : []),
  ].sort((a, b) => compareRefs(a.ref, b.ref));
}

/**
 * One finding per event with a date (London) later than the day after the London day the service stored it:
 * a day's grace covers a force system's clock and a date written in another time zone. Due when the force
 * received the event, or when the service stored it if that is earlier (the receipt time may be the wrong date).
 * Events are not edited, so only a cancellation resolves it (decisions.md HOCR 28). Not on the worklist: no
 * event cures it, it is a date for the Force Crime Registrar to check.
 */
export const MS15 = defineCheck({
  id: 'MS-15',
  severity: 'warning',
  title: 'Event dated in the future (after the day after the service stored it)',
  endsOnTransfer: false,
  find: (f) => {
    const out: RawFinding[] = [];
    for (const { ref: e, dates } of datedEvents(f)) {
      const storedOn = londonDate(e.storedAt);
      const latest = addDays(storedOn, 1);
      const future = dates.filter(([, instant]) => londonDate(instant) > latest);
      if (future.length === 0) continue;
      const dated = future.map(([field, instant]) => `${field} ${londonDate(instant)}`).join(', ');
      out.push(
        raw(
          minIso(e.receivedAt, e.storedAt),
          [e.eventId],
          `Event dated in the future (${dated}), stored by the service on ${storedOn}: check the date on the force system`,
        ),
      );
    }
    return out;
  },
});
