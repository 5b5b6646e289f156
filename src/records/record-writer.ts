import type { EntityManager } from 'typeorm';
import type { HocrEvent } from '../hocr/event-types';
import type { TimelineEntry } from '../hocr/timeline';
import { refoldReferral, type EventRow, type RecordState } from './refold';

interface HistoryKeyRow {
  record_id: string;
  status: string;
  code: string | null;
  rule: string;
  rule_set_version: string;
  caused_by_event_id: string;
  received_date: string | null;
  valid_from: Date;
  valid_to: Date | null;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function timelineKey(t: TimelineEntry, receivedDate: string | null): string {
  return [t.status, t.code, t.rule, t.ruleSetVersion, t.causedBy, receivedDate, t.validFrom, t.validTo].join('|');
}

function storedKey(h: HistoryKeyRow): string {
  return [h.status, h.code ?? '', h.rule, h.rule_set_version, h.caused_by_event_id, h.received_date ?? '', iso(h.valid_from), iso(h.valid_to) ?? ''].join(
    '|',
  );
}

/**
 * Recomputes and writes every record of the given referrals, inside the caller's transaction (which
 * holds their locks). Set-based: one read of the events, one upsert of the records, and for the records
 * whose classification history changed, one update closing the current history rows (system_to = now)
 * and one insert of the new ones (system_from = now). The only writer of records and history.
 */
export async function writeReferralRecords(tx: EntityManager, referralRefs: string[], now: Date): Promise<void> {
  const eventRows = (await tx.query(
    `SELECT seq, force, referral_ref, body, received_at, stored_at FROM events WHERE referral_ref = ANY($1::text[]) ORDER BY seq`,
    [referralRefs],
  )) as { seq: string; force: string; referral_ref: string; body: HocrEvent; received_at: Date; stored_at: Date }[];
  const byRef = new Map<string, EventRow[]>();
  for (const r of eventRows) {
    const list = byRef.get(r.referral_ref) ?? [];
    list.push({ seq: Number(r.seq), force: r.force, event: r.body, receivedAt: r.received_at.toISOString(), storedAt: r.stored_at.toISOString() });
    byRef.set(r.referral_ref, list);
  }
  const states: RecordState[] = [];
  for (const [ref, rows] of byRef) states.push(...refoldReferral(ref, rows));
  if (states.length === 0) return;

  const records = states.map((s) => ({
    force: s.force,
    referral_ref: s.referralRef,
    status: s.classification.status,
    code: s.classification.code,
    rule: s.classification.rule,
    reason: s.classification.reason,
    crime_required: s.classification.crimeRequired,
    rule_set_version: s.ruleSetVersion,
    classified_since: s.timeline.at(-1)?.validFrom ?? now.toISOString(),
    referral_type: s.facts.referral?.referralType ?? null,
    crime_reference: s.facts.crimeReference,
    referral_received_at: s.facts.referralReceivedAt,
    received_date: s.receivedDate,
    recorded_at: s.facts.recordedAt,
    facts: s.facts,
    event_count: s.facts.eventCount,
  }));
  const written = (await tx.query(
    `INSERT INTO records (force, referral_ref, status, code, rule, reason, crime_required, rule_set_version, classified_since,
                          referral_type, crime_reference, referral_received_at, received_date, recorded_at, facts, event_count,
                          version, created_at, updated_at)
     SELECT x.force, x.referral_ref, x.status, x.code, x.rule, x.reason, x.crime_required, x.rule_set_version, x.classified_since,
            x.referral_type, x.crime_reference, x.referral_received_at, x.received_date, x.recorded_at, x.facts, x.event_count,
            1, $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS x(force text, referral_ref text, status text, code text, rule text, reason text,
            crime_required boolean, rule_set_version text, classified_since timestamptz, referral_type text, crime_reference text,
            referral_received_at timestamptz, received_date date, recorded_at timestamptz, facts jsonb, event_count integer)
     ON CONFLICT (force, referral_ref) DO UPDATE SET
            status = EXCLUDED.status, code = EXCLUDED.code, rule = EXCLUDED.rule, reason = EXCLUDED.reason,
            crime_required = EXCLUDED.crime_required, rule_set_version = EXCLUDED.rule_set_version,
            classified_since = EXCLUDED.classified_since, referral_type = EXCLUDED.referral_type,
            crime_reference = EXCLUDED.crime_reference, referral_received_at = EXCLUDED.referral_received_at,
            received_date = EXCLUDED.received_date, recorded_at = EXCLUDED.recorded_at, facts = EXCLUDED.facts,
            event_count = EXCLUDED.event_count, version = records.version + 1, updated_at = EXCLUDED.updated_at
       -- a record whose facts did not move (another force's event on the same referral) is left alone
       WHERE records.facts IS DISTINCT FROM EXCLUDED.facts OR records.rule_set_version IS DISTINCT FROM EXCLUDED.rule_set_version
     RETURNING id, force, referral_ref`,
    [JSON.stringify(records), now],
  )) as { id: string; force: string; referral_ref: string }[];
  const idOf = new Map(written.map((r) => [`${r.force}|${r.referral_ref}`, r.id]));

  const ids = written.map((r) => r.id);
  if (ids.length === 0) return;
  const current = (await tx.query(
    `SELECT record_id, status, code, rule, rule_set_version, caused_by_event_id, received_date, valid_from, valid_to
       FROM classification_history WHERE record_id = ANY($1::bigint[]) AND system_to IS NULL ORDER BY record_id, valid_from`,
    [ids],
  )) as HistoryKeyRow[];
  const currentKeys = new Map<string, string[]>();
  for (const h of current) {
    const list = currentKeys.get(String(h.record_id)) ?? [];
    list.push(storedKey(h));
    currentKeys.set(String(h.record_id), list);
  }

  const changed: string[] = [];
  const history: object[] = [];
  for (const s of states) {
    const id = idOf.get(`${s.force}|${s.referralRef}`);
    if (id === undefined) continue; // unchanged
    const keys = s.timeline.map((t) => timelineKey(t, s.receivedDate));
    if ((currentKeys.get(id) ?? []).join('\n') === keys.join('\n')) continue;
    changed.push(id);
    for (const t of s.timeline) {
      history.push({
        record_id: id,
        force: s.force,
        status: t.status,
        code: t.code,
        rule: t.rule,
        reason: t.reason,
        rule_set_version: t.ruleSetVersion,
        caused_by_event_id: t.causedBy,
        received_date: s.receivedDate,
        valid_from: t.validFrom,
        valid_to: t.validTo,
      });
    }
  }
  if (changed.length === 0) return;
  await tx.query('UPDATE classification_history SET system_to = $2 WHERE record_id = ANY($1::bigint[]) AND system_to IS NULL', [changed, now]);
  await tx.query(
    `INSERT INTO classification_history (record_id, force, status, code, rule, reason, rule_set_version, caused_by_event_id,
                                         received_date, valid_from, valid_to, system_from)
     SELECT x.record_id, x.force, x.status, x.code, x.rule, x.reason, x.rule_set_version, x.caused_by_event_id,
            x.received_date, x.valid_from, x.valid_to, $2
       FROM jsonb_to_recordset($1::jsonb) AS x(record_id bigint, force text, status text, code text, rule text, reason text,
            rule_set_version text, caused_by_event_id text, received_date date, valid_from timestamptz, valid_to timestamptz)`,
    [JSON.stringify(history), now],
  );
}
