import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { FORCES } from '../../src/hocr/forces';
import { useTestDataSource } from '../helpers/test-database';

/** Everything the migrations own in the public schema, as comparable rows. */
async function schema(ds: DataSource): Promise<string[]> {
  const rows: Array<{ item: string }> = await ds.query(`
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS item
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL SELECT 'type ' || typname FROM pg_type
      WHERE typnamespace = 'public'::regnamespace AND typtype IN ('e', 'd', 'c') AND typrelid = 0
    UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    UNION ALL SELECT 'sequence ' || sequencename FROM pg_sequences WHERE schemaname = 'public'
    ORDER BY 1`);
  return rows.map((r) => r.item);
}

const executed = async (ds: DataSource): Promise<number> => (await ds.query('SELECT count(*)::int AS n FROM migrations'))[0].n;

describe('migrations', () => {
  let ds: DataSource;
  useTestDataSource(async (opened) => {
    ds = opened;
  });

  it('go up, all the way down one by one, and up again to the same schema', async () => {
    expect(await ds.showMigrations()).toBe(false); // the test database starts fully migrated
    expect(await executed(ds)).toBe(MIGRATIONS.length);
    const migrated = await schema(ds);

    for (let left = MIGRATIONS.length; left > 0; left--) {
      await ds.undoLastMigration();
      expect(await executed(ds)).toBe(left - 1);
    }
    // Every down() removed what its up() made: only TypeORM's own bookkeeping table is left.
    expect((await schema(ds)).filter((item) => !/\bmigrations(_id_seq|_pkey)?\b/.test(item))).toEqual([]);

    const ran = await ds.runMigrations();
    expect(ran.map((m) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name));
    expect(await schema(ds)).toEqual(migrated);
  });

  it('seed forces with the 44 forces of src/hocr/forces.ts', async () => {
    const rows = await ds.query(
      `SELECT code, name, country, police_uk_id AS "policeUkId", police_nrm_referrals_2023 AS "policeNrmReferrals2023"
         FROM forces ORDER BY code`,
    );
    expect(rows).toHaveLength(44);
    expect(rows).toEqual([...FORCES].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)));
  });

  it('refuse to delete records (their history and findings keep no foreign key to them: migration 1763840900000)', async () => {
    await expect(ds.query('DELETE FROM records')).rejects.toThrow(/records are never deleted/);
    await expect(ds.query("DELETE FROM records WHERE referral_ref = 'none'")).rejects.toThrow(/records are never deleted/);
  });
});
