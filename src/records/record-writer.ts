import type { EntityManager } from 'typeorm';
import type { HocrEvent } from '../hocr/event-types';
import { crimeExpected } from '../hocr/classify';
import { evaluateChecks, firstCrimeRecordedAt, positiveRgRunStart } from '../hocr/checks';
import { factsView } from './record-view';
import { refoldReferral, type EventRow, type RecordState } from './refold';
import { replaceCurrentVersions, rowsHash, type VersionedTable } from './versioned-rows';

const HISTORY: VersionedTable = {
  name: 'classification_history',
  columns: {
    force: 'text',
    status: 'text',
    code: 'text',
    rule: 'text',
    reason: 'text',
    rule_set_version: 'text',
    caused_by_event_id: 'text',
    received_date: 'date',
    valid_from: 'timestamptz',
    valid_to: 'timestamptz',
  },
};

const FINDINGS: VersionedTable = {
  name: 'findings',
  columns: {
    force: 'text',
    referral_ref: 'text',
    check_id: 'text',
    severity: 'text',
    due_at: 'timestamptz',
    resolved_at: 'timestamptz',
    evidence: 'jsonb',
    message: 'text',
  },
};

type Row = Record<string, unknown>;

/** SPEC §6 findings of the record: intervals (due, resolved), so no clock is needed to store them. */
function findingRows(s: RecordState): Row[] {
  return evaluateChecks(s.facts, { force: s.force }).map((f) => ({
    force: s.force,
    referral_ref: s.referralRef,
    check_id: f.check,
    severity: f.severity,
    due_at: f.dueAt,
    resolved_at: f.resolvedAt,
    evidence: f.evidence,
    message: f.message,
  }));
}

function historyRows(s: RecordState): Row[] {
  return s.timeline.map((t) => ({
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
  }));
}

/** When the crime was first recorded on the force system (decisions.md HOCR 29: the same reading as MS-04/MS-05). */
function crimeRecordedAt(s: RecordState): string | null {
  return firstCrimeRecordedAt(s.facts)?.at ?? null;
}

/** When the force received the positive RG the crime is owed from (the same reading as MS-04). */
function positiveRgReceivedAt(s: RecordState): string | null {
  return positiveRgRunStart(s.facts)?.receivedAt ?? null;
}

interface Existing {
  id: string;
  force: string;
  referral_ref: string;
  history_hash: string | null;
  findings_hash: string | null;
}

/**
 * Recomputes and writes every record of the given referrals, inside the caller's transaction (which
 * holds their locks). Set-based: one read of the events, one of the records' version hashes, one upsert
 * of the records, and for the records whose classification history or findings changed, one update closing
 * the current rows and one insert of the new ones per table. The only writer of records, history and findings
 * (findings kept current at ingest, in the same transaction: SPEC §6).
 */
export async function writeReferralRecords(tx: EntityManager, referralRefs: string[], now: Date): Promise<void> {
  const eventRows = (await tx.query(
    // A join with unnest, not "= ANY($1)": it takes the index whatever the statistics say (a stale or
    // missing ANALYZE made the planner scan whole tables, and ingest slowed as they grew).
    `SELECT e.seq, e.force, e.referral_ref, e.body, e.received_at, e.stored_at
       FROM unnest($1::text[]) AS r(ref) JOIN events e ON e.referral_ref = r.ref`,
    [referralRefs],
  )) as { seq: string; force: string; referral_ref: string; body: HocrEvent; received_at: Date; stored_at: Date }[];
  const byRef = new Map<string, EventRow[]>();
  for (const r of eventRows) {
    const list = byRef.get(r.referral_ref) ?? [];
    list.push({
      seq: Number(r.seq),
      force: r.force,
      event: r.body,
      receivedAt: r.received_at.toISOString(),
      storedAt: r.stored_at.toISOString(),
    });
    byRef.set(r.referral_ref, list);
  }
  const states: RecordState[] = [];
  for (const [ref, rows] of byRef)
    states.push(
      ...refoldReferral(
        ref,
        rows.sort((a, b) => a.seq - b.seq),
      ),
    );
  if (states.length === 0) return;

  const existing = (await tx.query(
    'SELECT x.id, x.force, x.referral_ref, x.history_hash, x.findings_hash FROM unnest($1::text[]) AS r(ref) JOIN records x ON x.referral_ref = r.ref',
    [referralRefs],
  )) as Existing[];
  const before = new Map(existing.map((e) => [`${e.force}|${e.referral_ref}`, e]));

  const prepared = states.map((s) => {
    const history = historyRows(s);
    const findings = findingRows(s);
    return { s, history, historyHash: rowsHash(history), findings, findingsHash: rowsHash(findings) };
  });

  const written = (await tx.query(
    `INSERT INTO records (force, referral_ref, status, code, rule, reason, crime_required, rule_set_version, classified_since,
                          referral_type, crime_reference, referral_received_at, received_date, recorded_at, facts, event_count,
                          crime_expected, rg_positive_received_at, crime_recorded_at, history_hash, findings_hash,
                          version, created_at, updated_at)
     SELECT x.force, x.referral_ref, x.status, x.code, x.rule, x.reason, x.crime_required, x.rule_set_version, x.classified_since,
            x.referral_type, x.crime_reference, x.referral_received_at, x.received_date, x.recorded_at, x.facts, x.event_count,
            x.crime_expected, x.rg_positive_received_at, x.crime_recorded_at, x.history_hash, x.findings_hash,
            1, $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS x(force text, referral_ref text, status text, code text, rule text, reason text,
            crime_required boolean, rule_set_version text, classified_since timestamptz, referral_type text, crime_reference text,
            referral_received_at timestamptz, received_date date, recorded_at timestamptz, facts jsonb, event_count integer,
            crime_expected boolean, rg_positive_received_at timestamptz, crime_recorded_at timestamptz, history_hash text,
            findings_hash text)
     ON CONFLICT (force, referral_ref) DO UPDATE SET
            status = EXCLUDED.status, code = EXCLUDED.code, rule = EXCLUDED.rule, reason = EXCLUDED.reason,
            crime_required = EXCLUDED.crime_required, rule_set_version = EXCLUDED.rule_set_version,
            classified_since = EXCLUDED.classified_since, referral_type = EXCLUDED.referral_type,
            crime_reference = EXCLUDED.crime_reference, referral_received_at = EXCLUDED.referral_received_at,
            received_date = EXCLUDED.received_date, recorded_at = EXCLUDED.recorded_at, facts = EXCLUDED.facts,
            event_count = EXCLUDED.event_count, crime_expected = EXCLUDED.crime_expected,
            rg_positive_received_at = EXCLUDED.rg_positive_received_at, crime_recorded_at = EXCLUDED.crime_recorded_at,
            history_hash = EXCLUDED.history_hash, findings_hash = EXCLUDED.findings_hash, version = records.version + 1, updated_at = EXCLUDED.updated_at
       -- a record whose facts did not move (another force's event on the same referral) is left alone
       WHERE records.facts IS DISTINCT FROM EXCLUDED.facts OR records.event_count IS DISTINCT FROM EXCLUDED.event_count OR records.rule_set_version IS DISTINCT FROM EXCLUDED.rule_set_version
          OR records.history_hash IS DISTINCT FROM EXCLUDED.history_hash OR records.findings_hash IS DISTINCT FROM EXCLUDED.findings_hash
     RETURNING id, force, referral_ref`,
    [
      JSON.stringify(
        prepared.map(({ s, historyHash, findingsHash }) => ({
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
          facts: factsView(s.facts),
          event_count: s.facts.eventCount,
          crime_expected: crimeExpected(s.facts),
          rg_positive_received_at: positiveRgReceivedAt(s),
          crime_recorded_at: crimeRecordedAt(s),
          history_hash: historyHash,
          findings_hash: findingsHash,
        })),
      ),
      now,
    ],
  )) as { id: string; force: string; referral_ref: string }[];
  const idOf = new Map(written.map((r) => [`${r.force}|${r.referral_ref}`, String(r.id)]));

  const changed = {
    history: { ids: [] as string[], rows: [] as (Row & { record_id: string })[] },
    findings: { ids: [] as string[], rows: [] as (Row & { record_id: string })[] },
  };
  for (const p of prepared) {
    const key = `${p.s.force}|${p.s.referralRef}`;
    const id = idOf.get(key);
    if (id === undefined) continue;
    const old = before.get(key);
    if (old?.history_hash !== p.historyHash) {
      changed.history.ids.push(id);
      for (const row of p.history) changed.history.rows.push({ record_id: id, ...row });
    }
    if (old?.findings_hash !== p.findingsHash) {
      changed.findings.ids.push(id);
      for (const row of p.findings) changed.findings.rows.push({ record_id: id, ...row });
    }
  }
  await replaceCurrentVersions(
    tx,
    [
      { table: HISTORY, recordIds: changed.history.ids, rows: changed.history.rows },
      { table: FINDINGS, recordIds: changed.findings.ids, rows: changed.findings.rows },
    ],
    now,
  );
}
