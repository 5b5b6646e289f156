// MS-15 (the service's own check): an event dated after the day after the service stored it. SPEC §4 accepts
// every well-formed date and flags what is inconsistent with the rules; a date in the future is a wrong date on
// the force system (a mistyped year, a month and day swapped). docs/decisions.md, "An event dated in the future
// (MS-15, the service's own check)".
import type { EventRef, Facts } from '../facts';
import { addDays } from '../iso';
import { londonDate } from '../time';
import { compareRefs, minIso } from './common';
import { defineCheck, raw, type RawFinding } from './define';

/**
 * The dates of an event (when it happened, when the force received it, a referral's recording time) that fall
 * on a London date later than the day after the service stored it, as "field date"; empty for nearly every event.
 */
function futureDates(e: EventRef, recordedAt: string | null): string[] {
  // Facts hold ISO UTC strings, which order as instants: a date not after the storage time is not in the
  // future, and nearly every event has none after it (this check runs in every refold: no date arithmetic then).
  if (e.occurredInstant <= e.storedAt && e.receivedAt <= e.storedAt && (recordedAt === null || recordedAt <= e.storedAt)) return [];
  const latest = addDays(londonDate(e.storedAt), 1);
  const out: string[] = [];
  for (const [field, instant] of [
    ['occurredAt', e.occurredInstant],
    ['receivedAt', e.receivedAt],
    ['recordedAt', recordedAt],
  ] as const) {
    if (instant === null || instant <= e.storedAt) continue;
    const date = londonDate(instant);
    if (date > latest) out.push(`${field} ${date}`);
  }
  return out;
}

/**
 * One finding per event with a date (London) later than the day after the London day the service stored it:
 * a day's grace covers a force system's clock and a date written in another time zone. Due when the force
 * received the event, or when the service stored it if that is earlier (the receipt time may be the wrong date).
 * Events are not edited, so only a cancellation resolves it (decisions.md HOCR 28). Not on the worklist: no
 * event cures it, it is a date for the Force Crime Registrar to check. In fold order.
 */
export const MS15 = defineCheck({
  id: 'MS-15',
  severity: 'warning',
  title: 'Event dated in the future (after the day after the service stored it)',
  endsOnTransfer: false,
  find: (f: Facts) => {
    const found: { e: EventRef; dated: string[] }[] = [];
    const visit = (e: EventRef, recordedAt: string | null = null) => {
      const dated = futureDates(e, recordedAt);
      if (dated.length > 0) found.push({ e, dated });
    };
    for (const r of f.referrals) visit(r, r.recordedAt);
    for (const list of [f.locationDeterminations, f.rgDecisions, f.cgDecisions, f.transfers, f.crimes]) for (const e of list) visit(e);
    if (f.cancellation) visit(f.cancellation);
    return found
      .sort((a, b) => compareRefs(a.e, b.e))
      .map(({ e, dated }): RawFinding =>
        raw(
          minIso(e.receivedAt, e.storedAt),
          [e.eventId],
          `Event dated in the future (${dated.join(', ')}), stored by the service on ${londonDate(e.storedAt)}: check the date on the force system`,
        ),
      );
  },
});
