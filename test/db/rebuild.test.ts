import { DataSource } from 'typeorm';
import type { HocrEvent } from '../../src/hocr/event-types';
import { referral, rg, transfer } from '../../src/hocr/fixtures';
import { validateEvent } from '../../src/hocr/validate-event';
import { IngestEventsCommand } from '../../src/ingestion/ingest-events/ingest-events.command';
import { IngestEventsHandler } from '../../src/ingestion/ingest-events/ingest-events.handler';
import { RULE_SET_VERSION } from '../../src/hocr/classify';
import { rebuildAll } from '../../src/records/rebuild';
import { RuleSetCheck } from '../../src/records/rule-set-check';
import { DEFAULT_OPTIONS, generateEvents } from '../../src/synthetic/generator';
import { openTestDataSource, type TestDatabase, useTestDataSource } from '../helpers/test-database';

describe('rebuild: reclassify every record from its events', () => {
  let ds: DataSource;
  useTestDataSource(async (opened) => {
    ds = opened;
    const ingest = new IngestEventsHandler(ds);
    const events = [
      referral({ eventId: 'a-ref', referralRef: 'REB-A' }),
      rg('POSITIVE', { eventId: 'a-rg', referralRef: 'REB-A' }),
      referral({ eventId: 'b-ref', referralRef: 'REB-B' }),
      transfer('E23000001', { eventId: 'b-tr', referralRef: 'REB-B' }),
    ];
    await ingest.execute(new IngestEventsCommand(events, 'test-sender', new Date('2024-06-20T10:00:00Z')));
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

describe('rebuild after ingest of synthetic data: the write path and a rebuild agree', () => {
  let db: TestDatabase;
  let ds: DataSource;
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('writes no new version of any record, history or findings (events sent and events read back refold alike)', async () => {
    ({ db, ds } = await openTestDataSource());
    const ingest = new IngestEventsHandler(ds);
    const options = {
      ...DEFAULT_OPTIONS,
      from: '2024-04',
      to: '2024-05',
      scale: 0.05,
      seed: 7,
      outOfOrder: 0.1,
      duplicates: 0.05,
      breaches: 0.3,
    };
    const events: HocrEvent[] = [];
    for (const e of generateEvents(options)) {
      const v = validateEvent(e);
      if (v.ok) events.push(v.event);
    }
    expect(events.length).toBeGreaterThan(200);
    // sub-millisecond receivedAt digits on some events (chosen by eventId, so a duplicate delivery stays a
    // duplicate), as a sender may send them; then batches of 50
    const precise = (e: HocrEvent): HocrEvent =>
      e.receivedAt && !e.receivedAt.includes('.') && e.eventId.charCodeAt(e.eventId.length - 1) % 3 === 0
        ? { ...e, receivedAt: e.receivedAt.replace(/Z$/, '.1234567Z') }
        : e;
    for (let i = 0; i < events.length; i += 50) {
      await ingest.execute(new IngestEventsCommand(events.slice(i, i + 50).map(precise), 'synthetic', new Date('2024-06-20T10:00:00Z')));
    }
    const versions = () =>
      ds.query(`SELECT (SELECT count(*)::int FROM records) AS records, (SELECT sum(version)::int FROM records) AS versions,
                       (SELECT count(*)::int FROM classification_history) AS history, (SELECT count(*)::int FROM findings) AS findings`);
    const before = await versions();
    expect(before[0].findings).toBeGreaterThan(0);
    await rebuildAll(ds, 37);
    expect(await versions()).toEqual(before);
  }, 60_000);
});

describe('the rule set check at boot', () => {
  let ds: DataSource;
  useTestDataSource(async (opened) => {
    ds = opened;
    const ingest = new IngestEventsHandler(ds);
    const events = ['RS-A', 'RS-B', 'RS-C'].map((ref) => referral({ eventId: `${ref}-ref`, referralRef: ref }));
    await ingest.execute(new IngestEventsCommand(events, 'test-sender', new Date('2024-06-20T10:00:00Z')));
  });

  it('counts the records under an earlier rule set, and none once a rebuild has refolded them', async () => {
    const check = new RuleSetCheck(ds);
    await expect(check.check()).resolves.toEqual([]);
    await ds.query(`UPDATE records SET rule_set_version = '2020-01-01.1' WHERE referral_ref IN ('RS-A', 'RS-B')`);
    await ds.query(`UPDATE records SET rule_set_version = '2021-01-01.1' WHERE referral_ref = 'RS-C'`);
    await expect(check.check()).resolves.toEqual([
      { ruleSetVersion: '2020-01-01.1', records: 2 },
      { ruleSetVersion: '2021-01-01.1', records: 1 },
    ]);
    await rebuildAll(ds, 500);
    await expect(check.check()).resolves.toEqual([]);
    expect(await ds.query(`SELECT DISTINCT rule_set_version FROM records`)).toEqual([{ rule_set_version: RULE_SET_VERSION }]);
  });
});
