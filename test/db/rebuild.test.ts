import { DataSource } from 'typeorm';
import { referral, rg, transfer } from '../../src/hocr/fixtures';
import { IngestEventsCommand } from '../../src/ingestion/ingest-events/ingest-events.command';
import { IngestEventsHandler } from '../../src/ingestion/ingest-events/ingest-events.handler';
import { rebuildAll } from '../../src/records/rebuild';
import { openTestDataSource, type TestDatabase } from '../helpers/test-database';

describe('rebuild: reclassify every record from its events', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    ({ db, ds } = await openTestDataSource());
    const ingest = new IngestEventsHandler(ds);
    const events = [
      referral({ eventId: 'a-ref', referralRef: 'REB-A' }),
      rg('POSITIVE', { eventId: 'a-rg', referralRef: 'REB-A' }),
      referral({ eventId: 'b-ref', referralRef: 'REB-B' }),
      transfer('E23000001', { eventId: 'b-tr', referralRef: 'REB-B' }),
    ];
    await ingest.execute(new IngestEventsCommand(events, 'test-sender', new Date('2024-06-20T10:00:00Z')));
  }, 60_000);
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const state = () =>
    ds.query(`SELECT r.force, r.referral_ref, r.code, r.rule, r.version,
                     (SELECT count(*)::int FROM classification_history h WHERE h.record_id = r.id AND h.system_to IS NULL) AS current_rows,
                     (SELECT count(*)::int FROM classification_history h WHERE h.record_id = r.id) AS all_rows
                FROM records r ORDER BY r.force, r.referral_ref`);

  it('writes nothing when the records already match their events', async () => {
    const before = await state();
    await expect(rebuildAll(ds, 1)).resolves.toEqual({ referrals: 2, events: 4 });
    expect(await state()).toEqual(before);
  });

  it('restores records whose stored classification no longer matches the rules, as a new history version', async () => {
    const before = await state();
    await ds.query(
      `UPDATE records SET code = 'N200/05', rule = 'OUTSIDE_EW_RG_NEGATIVE', history_hash = 'stale' WHERE referral_ref = 'REB-A'`,
    );
    let chunks = 0;
    await rebuildAll(ds, 1, () => chunks++);
    expect(chunks).toBe(2);
    const after = await state();
    const a = after.find((r: { referral_ref: string }) => r.referral_ref === 'REB-A');
    expect(a).toMatchObject({ code: '106', rule: 'RG_POSITIVE_EW', current_rows: 2 });
    // the previous history version is kept (closed), the new one written beside it
    expect(a.all_rows).toBe(4);
    expect(after.filter((r: { referral_ref: string }) => r.referral_ref === 'REB-B')).toEqual(
      before.filter((r: { referral_ref: string }) => r.referral_ref === 'REB-B'),
    );
  });
});
