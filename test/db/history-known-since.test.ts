import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import type { HocrEvent } from '../../src/hocr/event-types';
import { location, referral, rg } from '../../src/hocr/fixtures';
import { IngestEventsCommand } from '../../src/ingestion/ingest-events/ingest-events.command';
import { IngestEventsHandler } from '../../src/ingestion/ingest-events/ingest-events.handler';
import { useTestDataSource } from '../helpers/test-database';

/**
 * Migration 1763841100000 gives the history rows already stored the known_since the write path now carries
 * (docs/decisions.md, "A history entry is known since it (last) appeared"): the same referral history written
 * before the migration (then backfilled) and after it (carried by n200_write_records) ends with the same
 * known_since in every row of every version.
 */
describe('classification_history.known_since: backfilled as the write path carries it', () => {
  let ds: DataSource;
  useTestDataSource(async (opened) => {
    ds = opened;
  });

  /** Referral; RG negative; outside E&W from 10 June, then from 5 June; back in E&W from 6 June (test/e2e/history-known-since.e2e.ts). */
  const steps = (ref: string): HocrEvent[] => [
    referral({ eventId: `${ref}/referral`, referralRef: ref }),
    rg('NEGATIVE', { eventId: `${ref}/rg`, referralRef: ref }),
    location('OUTSIDE_ENGLAND_AND_WALES', { eventId: `${ref}/outside-10`, referralRef: ref, occurredAt: '2024-06-10' }),
    location('OUTSIDE_ENGLAND_AND_WALES', { eventId: `${ref}/outside-5`, referralRef: ref, occurredAt: '2024-06-05' }),
    location('ENGLAND_AND_WALES', { eventId: `${ref}/inside-6`, referralRef: ref, occurredAt: '2024-06-06' }),
  ];

  /** Sends each step in its own transaction, a few ms apart; answers each write's service time (records.updated_at). */
  async function write(ref: string): Promise<number[]> {
    const ingest = new IngestEventsHandler(ds);
    const times: number[] = [];
    for (const e of steps(ref)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await ingest.execute(new IngestEventsCommand([e], 'test-sender', new Date('2024-06-20T10:00:00Z')));
      const [{ updated_at }] = (await ds.query('SELECT updated_at FROM records WHERE referral_ref = $1', [ref])) as { updated_at: Date }[];
      times.push(updated_at.getTime());
    }
    return times;
  }

  /** Every stored row, version by version: its rule, cause and known_since as the step (1–5) that wrote that time. */
  async function versions(ref: string, times: number[]): Promise<string[][]> {
    const rows = (await ds.query(
      `SELECT h.rule, h.caused_by_event_id, h.system_from, h.known_since FROM classification_history h
         JOIN records r ON r.id = h.record_id WHERE r.referral_ref = $1 ORDER BY h.system_from, h.valid_from`,
      [ref],
    )) as { rule: string; caused_by_event_id: string; system_from: Date; known_since: Date }[];
    const step = (d: Date) => times.indexOf(d.getTime()) + 1;
    const out: string[][] = [];
    for (const r of rows) {
      (out[step(r.system_from) - 1] ??= []).push(`${r.rule} ${r.caused_by_event_id.slice(ref.length + 1)} @${step(r.known_since)}`);
    }
    return out;
  }

  it('gives rows stored before the migration the known_since the write path gives rows stored after it', async () => {
    expect(await ds.showMigrations()).toBe(false);
    await ds.undoLastMigration(); // back to before known_since
    const oldTimes = await write('KS-OLD');
    await ds.runMigrations();
    expect(await ds.query('SELECT count(*)::int AS n FROM migrations')).toEqual([{ n: MIGRATIONS.length }]);
    const newTimes = await write('KS-NEW');

    const expected = [
      ['PENDING_RG referral @1'],
      ['PENDING_RG referral @1', 'RG_NEGATIVE_EW rg @2'],
      ['PENDING_RG referral @1', 'RG_NEGATIVE_EW rg @2', 'OUTSIDE_EW_RG_NEGATIVE outside-10 @3'],
      ['PENDING_RG referral @1', 'OUTSIDE_EW_RG_NEGATIVE rg @4'],
      // both gone at step 4 and back at step 5: known since step 5
      ['PENDING_RG referral @1', 'RG_NEGATIVE_EW rg @5', 'OUTSIDE_EW_RG_NEGATIVE outside-10 @5'],
    ];
    expect(await versions('KS-OLD', oldTimes)).toEqual(expected);
    expect(await versions('KS-NEW', newTimes)).toEqual(expected);
  });
});
