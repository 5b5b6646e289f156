// Deadline checks: something must happen by a time and did not. MS-03 (RG decision due), MS-04 and
// MS-05 (crime required within 24 hours), MS-09 (referral missing behind a decision or transfer),
// MS-10 (criminality location still unknown). SPEC §6; readings in docs/decisions.md (HOCR domain).
import { matchRule, type RuleId } from '../classify';
import type { DecisionFacts, Facts } from '../facts';
import { addDays } from '../iso';
import { londonMidnight, rgDueDate } from '../time';
import { firstCrimeRecordedAt, incomingTransferAt, maxIso, minOf, plusHours, startOfDayAfter } from './common';
import { defineCheck, raw } from './define';

/**
 * The §3 rule the record would be under if no crime were recorded and it were neither cancelled nor
 * transferred away: whether a crime is owed at all. Cancellation and transfer close the finding
 * instead (decisions.md HOCR 28, 33), so its open interval is kept.
 */
export function crimeObligation(f: Facts): RuleId {
  return matchRule({ ...f, crime: null, crimes: [], cancelled: false, cancellation: null, transferredTo: null }).rule;
}

/** Hours the force has to record a crime (SPEC §6 MS-04/MS-05, NCRS standard). */
export const CRIME_RECORDING_HOURS = 24;

/**
 * The positive RG decision from which a crime is owed: of the run of positive decisions that ends the fold
 * order (the latest RG is positive), the one the force received first (a repeated positive does not
 * restart the clock). Null when the latest RG is not positive. Also the start of the summary's
 * RG-to-crime time.
 */
export function positiveRgRunStart(f: Facts): DecisionFacts | null {
  if (f.rg?.outcome !== 'POSITIVE') return null;
  let lastNegative = -1;
  f.rgDecisions.forEach((d, i) => {
    if (d.outcome === 'NEGATIVE') lastNegative = i;
  });
  return f.rgDecisions.slice(lastNegative + 1).reduce((a, b) => (b.receivedAt < a.receivedAt ? b : a));
}

export const MS03 = defineCheck({
  id: 'MS-03',
  severity: 'warning',
  title: 'No RG decision 5 working days after the referral date (chase the competent authority)',
  endsOnTransfer: true,
  find: (f) => {
    const r = f.referral;
    if (r === null || f.referralDate === null || r.referralType !== 'NRM') return [];
    const dueDate = rgDueDate(f.referralDate);
    const dueAt = startOfDayAfter(dueDate);
    const firstRg = f.rgDecisions.length === 0 ? null : f.rgDecisions.reduce((a, b) => (b.receivedAt < a.receivedAt ? b : a));
    const evidence = firstRg === null ? [r.eventId] : [r.eventId, firstRg.eventId];
    return [
      raw(
        dueAt,
        evidence,
        `No reasonable grounds decision by ${dueDate}, 5 working days after the referral date ${f.referralDate}: chase the competent authority`,
        firstRg?.receivedAt ?? null,
      ),
    ];
  },
});

export const MS04 = defineCheck({
  id: 'MS-04',
  severity: 'error',
  title:
    'Crime required after a positive RG (rule RG_POSITIVE_EW), no CRIME_RECORDED within 24 hours of the force receiving the RG decision',
  endsOnTransfer: true,
  find: (f) => {
    if (crimeObligation(f) !== 'RG_POSITIVE_EW') return [];
    const positive = positiveRgRunStart(f);
    if (positive === null) return [];
    const start = maxIso(positive.receivedAt, incomingTransferAt(f) ?? positive.receivedAt);
    const dueAt = plusHours(start, CRIME_RECORDING_HOURS);
    const crime = firstCrimeRecordedAt(f);
    return [
      raw(
        dueAt,
        crime === null ? [positive.eventId] : [positive.eventId, crime.crime.eventId],
        `Positive reasonable grounds decision received ${positive.receivedAt} in England and Wales: a crime must be recorded within ${CRIME_RECORDING_HOURS} hours`,
        crime?.at ?? null,
      ),
    ];
  },
});

export const MS05 = defineCheck({
  id: 'MS-05',
  severity: 'error',
  title:
    'Crime required for a police referral, direct report or police DtN (rule POLICE_REFERRAL_EW), no CRIME_RECORDED within 24 hours of receipt',
  endsOnTransfer: true,
  find: (f) => {
    if (crimeObligation(f) !== 'POLICE_REFERRAL_EW' || f.referral === null || f.referralReceivedAt === null) return [];
    const start = maxIso(f.referralReceivedAt, incomingTransferAt(f) ?? f.referralReceivedAt);
    const dueAt = plusHours(start, CRIME_RECORDING_HOURS);
    const crime = firstCrimeRecordedAt(f);
    const route =
      f.referral.source === 'DIRECT_REPORT'
        ? 'direct report'
        : f.referral.source === 'POLICE_REFERRAL'
          ? 'police referral'
          : 'police Duty to Notify referral';
    return [
      raw(
        dueAt,
        crime === null ? [f.referral.eventId] : [f.referral.eventId, crime.crime.eventId],
        `A ${route} in England and Wales received ${start}: a crime must be recorded within ${CRIME_RECORDING_HOURS} hours`,
        crime?.at ?? null,
      ),
    ];
  },
});

export const MS09 = defineCheck({
  id: 'MS-09',
  severity: 'error',
  title: 'Decision or transfer received but no REFERRAL_RECEIVED within 24 hours',
  endsOnTransfer: false,
  find: (f) => {
    const first = f.firstDecisionOrTransfer;
    if (first === null) return [];
    const dueAt = plusHours(first.receivedAt, 24);
    const evidence = f.referral === null ? [first.eventId] : [first.eventId, f.referral.eventId];
    return [
      raw(
        dueAt,
        evidence,
        `A decision or transfer was received ${first.receivedAt} with no REFERRAL_RECEIVED for the record within 24 hours`,
        f.referralReceivedAt,
      ),
    ];
  },
});

/** Calendar days after the referral date by which the criminality location should be known (SPEC §6 MS-10). */
export const LOCATION_DAYS = 30;

export const MS10 = defineCheck({
  id: 'MS-10',
  severity: 'warning',
  title: 'Criminality location still UNKNOWN 30 days after the referral',
  endsOnTransfer: true,
  find: (f) => {
    const r = f.referral;
    if (r === null || f.referralDate === null) return [];
    const referralKnown = r.criminalityLocation !== 'UNKNOWN';
    const currentKnown = f.criminalityLocation !== null && f.criminalityLocation !== 'UNKNOWN';
    if (referralKnown && currentKnown) return [];
    const dueDate = addDays(f.referralDate, LOCATION_DAYS);
    const dueAt = londonMidnight(dueDate);
    // Known since the first determination received that named a location (decisions.md HOCR 38).
    const known = f.locationDeterminations.filter((d) => d.criminalityLocation !== 'UNKNOWN');
    const resolvedAt = currentKnown ? minOf(known.map((d) => d.receivedAt)) : null;
    const evidence = [r.eventId, ...f.locationDeterminations.map((d) => d.eventId)];
    return [
      raw(
        dueAt,
        evidence,
        `Criminality location still unknown on ${dueDate}, ${LOCATION_DAYS} days after the referral date ${f.referralDate}`,
        resolvedAt,
      ),
    ];
  },
});
