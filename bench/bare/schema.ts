/**
 * The "physical limit" side of `npm run bench` (issue 6, deliverable 3): a bare copy of the service's
 * `events` table and the row the ingest handler writes for an event.
 *
 * BARE_EVENTS_DDL is the `events` DDL of migrations/1763840100000-engine.ts, copied (same columns, types,
 * constraints, foreign key to `forces` and indexes) under the name `bare_events`. `compareWithEvents`
 * checks it against the migrated `events` table of the same database, so a later migration that changes
 * `events` shows up as a warning in the benchmark instead of silently comparing unlike tables.
 */
import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { canonicalJson } from '../../src/hocr/canonical-json';
import { occurredInstant } from '../../src/hocr/event-types';

export const BARE_TABLE = 'bare_events';

export const BARE_EVENTS_DDL = [
  `CREATE TABLE bare_events (
     seq bigserial PRIMARY KEY,
     sender text NOT NULL,
     event_id text NOT NULL,
     type text NOT NULL,
     force text NOT NULL REFERENCES forces (code),
     referral_ref text NOT NULL,
     body jsonb NOT NULL,
     content_hash text NOT NULL,
     occurred_at timestamptz NOT NULL,
     received_at timestamptz NOT NULL,
     stored_at timestamptz NOT NULL,
     CONSTRAINT bare_events_sender_event_id_key UNIQUE (sender, event_id)
   )`,
  'CREATE INDEX bare_events_referral_ref_idx ON bare_events (referral_ref)',
];

export async function createBareTable(c: ClientBase): Promise<void> {
  await c.query('DROP TABLE IF EXISTS bare_events');
  for (const sql of BARE_EVENTS_DDL) await c.query(sql);
}

/** Differences between `bare_events` and `events` (columns, index definitions): empty when identical. */
export async function compareWithEvents(c: ClientBase): Promise<string[]> {
  const cols = async (t: string) =>
    (
      await c.query<{ d: string }>(
        `SELECT attname || ' ' || format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END AS d
           FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [t],
      )
    ).rows.map((r) => r.d);
  const idx = async (t: string) =>
    (await c.query<{ d: string }>(`SELECT indexdef AS d FROM pg_indexes WHERE tablename = $1 ORDER BY indexname`, [t])).rows
      .map((r) => r.d.replace(/\b\w+_(pkey|key|idx)\b/, 'I').replace(new RegExp(`\\b${t}\\b`, 'g'), 'T'))
      .sort();
  const out: string[] = [];
  const [a, b] = [await cols('events'), await cols(BARE_TABLE)];
  if (a.join('|') !== b.join('|')) out.push(`columns differ: events (${a.join(', ')}) vs bare_events (${b.join(', ')})`);
  const [ia, ib] = [await idx('events'), await idx(BARE_TABLE)];
  if (ia.join('|') !== ib.join('|')) out.push(`indexes differ: events [${ia.join('; ')}] vs bare_events [${ib.join('; ')}]`);
  return out;
}

/** One `events` row as IngestEventsHandler writes it (sender and stored_at are per run). */
export interface EventRow {
  event_id: string;
  type: string;
  force: string;
  referral_ref: string;
  body: string;
  content_hash: string;
  occurred_at: string;
  received_at: string;
}

export interface EventLike {
  eventId: string;
  type: string;
  force: string;
  referralRef: string;
  occurredAt: string;
  receivedAt?: string;
}

export function eventRow(event: EventLike, receivedAt: string): EventRow {
  const body = canonicalJson(event);
  return {
    event_id: event.eventId,
    type: event.type,
    force: event.force,
    referral_ref: event.referralRef,
    body,
    content_hash: createHash('sha256').update(body).digest('hex'),
    occurred_at: occurredInstant(event),
    received_at: event.receivedAt ?? receivedAt,
  };
}

const COLUMNS = '(sender, event_id, type, force, referral_ref, body, content_hash, occurred_at, received_at, stored_at)';

/** One multi-row INSERT of `rows` (10 parameters a row, so at most 6,553 rows a statement). */
export async function insertRows(c: ClientBase, rows: readonly EventRow[], sender: string, storedAt: string): Promise<void> {
  const params: unknown[] = [];
  const tuples: string[] = [];
  for (const r of rows) {
    const i = params.length;
    params.push(sender, r.event_id, r.type, r.force, r.referral_ref, r.body, r.content_hash, r.occurred_at, r.received_at, storedAt);
    tuples.push(`($${i + 1},$${i + 2},$${i + 3},$${i + 4},$${i + 5},$${i + 6},$${i + 7},$${i + 8},$${i + 9},$${i + 10})`);
  }
  await c.query(`INSERT INTO bare_events ${COLUMNS} VALUES ${tuples.join(',')}`, params);
}

/** A CSV field, always quoted. */
function csv(v: string): string {
  return `"${v.replace(/"/g, '""')}"`;
}

/** COPY bare_events FROM STDIN (CSV), the rows written in chunks of `chunk` with backpressure. */
export async function copyRows(c: ClientBase, rows: readonly EventRow[], sender: string, storedAt: string, chunk = 1000): Promise<void> {
  const stream = c.query(copyFrom(`COPY bare_events ${COLUMNS} FROM STDIN WITH (FORMAT csv)`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', () => resolve());
    stream.on('error', reject);
  });
  const s = csv(sender);
  const at = csv(storedAt);
  for (let i = 0; i < rows.length; i += chunk) {
    let text = '';
    for (const r of rows.slice(i, i + chunk)) {
      text += `${s},${csv(r.event_id)},${csv(r.type)},${csv(r.force)},${csv(r.referral_ref)},${csv(r.body)},${csv(r.content_hash)},${csv(r.occurred_at)},${csv(r.received_at)},${at}\n`;
    }
    if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
}
