import { DataSource } from 'typeorm';
import { byJsonbKeyOrder } from '../../src/database/jsonb-order';
import { cg, crime, FIXTURE_FORCE, FIXTURE_REF, referral, rg, storedEvent } from '../../src/hocr/fixtures';
import { eventRow, refold } from '../../src/records/record-writer';
import { useTestDataSource } from '../helpers/test-database';

/**
 * The writer builds its jsonb parameters with their keys in the order jsonb stores them, so that the server
 * does not sort them (src/database/jsonb-order.ts): that order must be the database's own.
 */
describe("jsonb's key order", () => {
  let ds: DataSource;
  useTestDataSource(async (opened) => {
    ds = opened;
  });

  /** The keys of `o` as the database stores them (jsonb_object_keys answers them in storage order). */
  const storedOrder = async (o: object): Promise<string[]> => {
    const [{ keys }] = (await ds.query('SELECT array(SELECT jsonb_object_keys($1::jsonb)) AS keys', [JSON.stringify(o)])) as [
      { keys: string[] },
    ];
    return keys;
  };

  it('is byJsonbKeyOrder, for keys of equal and of different lengths, cases and underscores', async () => {
    const keys = ['referral_ref', 'b', 'code', 'cg', 'a_b', 'aBb', 'aab', 'Aab', 'force', 'facts', 'rg', 'eventId', 'event_id'];
    const reversed = Object.fromEntries([...keys].reverse().map((k, i) => [k, i]));
    const expected = [...keys].sort(byJsonbKeyOrder);
    expect(expected).not.toEqual(Object.keys(reversed));
    await expect(storedOrder(reversed)).resolves.toEqual(expected);
  });

  it("is the order of the writer's records, facts, history and events rows as built", async () => {
    const rows = [referral(), rg('POSITIVE'), crime(), cg('POSITIVE')].map((e, i) => ({ force: FIXTURE_FORCE, ...storedEvent(e, i + 1) }));
    const out = refold(FIXTURE_REF, rows, new Map(), '2024-09-01T00:00:00.000Z');
    const record = out.records[0] as { facts: object };
    const built = [record, record.facts, out.history[0], eventRow(0, rows[0].event, 'f'.repeat(64), rows[0].receivedAt)];
    for (const o of built) await expect(storedOrder(o)).resolves.toEqual(Object.keys(o));
  });
});
