import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { parse } from 'csv-parse/sync';
import { cliText as cli, compileCli, seedCliDatabase, type CliDatabase } from '../helpers/cli-fixture';
import { referral, rg } from '../helpers/wire-events';

/**
 * The compliance CLI (issue 5, deliverable 4), compiled, as a process: `node dist/src/cli/main.js compliance …`.
 * Usage errors exit 2 without opening the database; on the service's database (DATA_DIR for the embedded
 * database, DATABASE_URL on PostgreSQL) its summary and findings are the HTTP API's.
 */
jest.setTimeout(60_000);

let work: string;
beforeAll(async () => {
  work = await compileCli('n200-compliance-cli-');
}, 180_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('compliance command: usage', () => {
  it('--help prints the usage on stdout, exit 0', async () => {
    const r = await cli({ DATA_DIR: join(work, 'help') }, work, 'compliance', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run cli -- compliance --force CODE --period PERIOD/);
    for (const opt of ['--force', '--period', '--format', '--help']) expect(r.stdout).toContain(opt);
    expect(existsSync(join(work, 'help'))).toBe(false);
  });

  it.each([
    [['--period', '2024-25'], /--force is required/],
    [['--force', 'E23000010'], /--period is required/],
    [['--force', 'E99999999', '--period', '2024-25'], /--force E99999999 is not a force code/],
    [['--force', 'E23000010', '--period', '2024-26'], /--period: invalid period "2024-26"/],
    [['--force', 'E23000010', '--period', '0000-01'], /--period: invalid period "0000-01": .*years 1900–2999/],
    [['--force', 'E23000010', '--period', '2024-25', '--format', 'xml'], /--format xml must be json or csv/],
  ])('%j: exit 2, a clear message, the database untouched', async (args, message) => {
    const dataDir = join(work, 'untouched');
    const r = await cli({ DATA_DIR: dataDir }, work, 'compliance', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('compliance command: the service database', () => {
  const F = 'E23000010';
  let db: CliDatabase | undefined;
  let env: Record<string, string>;
  let httpSummary: Record<string, unknown>;
  let httpFindings: Record<string, unknown>[];

  beforeAll(async () => {
    db = await seedCliDatabase(work, async ({ http, token }) => {
      const events = [
        referral(F, 'CLI-1'), // MS-03 open
        referral(F, 'CLI-2', { victim: { ageGroup: 'ADULT', ageDisputed: false }, recordedAt: '2024-06-05T10:00:00Z' }), // MS-07 open, MS-02 resolved, MS-03 open
        rg(F, 'CLI-3', 'NEGATIVE', { eventId: 'CLI-3/rg' }), // MS-09 open, no record received date: not in the period's findings
        referral(F, 'CLI-4', { occurredAt: '2023-06-05', receivedAt: '2023-06-05T10:00:00Z', recordedAt: '2023-06-05T10:05:00Z' }), // 2023-24
      ];
      await http
        .post('/v1/events/batch')
        .set('authorization', `Bearer ${await token(['recorder'])}`)
        .send({ events })
        .expect(200);
      const auditor = await token(['auditor']);
      httpSummary = (
        await http
          .get('/v1/compliance/summary')
          .query({ force: F, period: '2024-25' })
          .set('authorization', `Bearer ${auditor}`)
          .expect(200)
      ).body;
      httpFindings = (
        await http
          .get('/v1/compliance/findings')
          .query({ force: F, status: 'all', limit: 500 })
          .set('authorization', `Bearer ${auditor}`)
          .expect(200)
      ).body.items;
    });
    env = db.env;
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('prints JSON by default: the summary of the HTTP API and the findings of records received in the period', async () => {
    const r = await cli(env, work, 'compliance', '--force', F, '--period', '2024-25');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { summary: Record<string, unknown>; findings: { referralRef: string; check: string }[] };
    expect({ ...out.summary, asAt: null }).toEqual({ ...httpSummary, asAt: null });
    expect(out.summary).toMatchObject({ records: 2, compliantShare: 0 });
    const inPeriod = httpFindings.filter((f) => f.referralRef === 'CLI-1' || f.referralRef === 'CLI-2');
    expect(out.findings).toEqual(inPeriod);
    expect(out.findings.map((f) => `${f.referralRef}:${f.check}`).sort()).toEqual([
      'CLI-1:MS-03',
      'CLI-2:MS-02',
      'CLI-2:MS-03',
      'CLI-2:MS-07',
    ]);
  });

  it('writes the findings it printed to the access log, as the operator', async () => {
    const before = await db!.query<{ n: number }>('SELECT count(*)::int AS n FROM access_log');
    const r = await cli(env, work, 'compliance', '--force', F, '--period', '2024-25', '--format', 'csv');
    expect(r.code).toBe(0);
    const rows = await db!.query<{ actor: string; channel: string; action: string; records: string[][]; query: Record<string, unknown> }>(
      'SELECT actor, channel, action, records, query FROM access_log ORDER BY id DESC',
    );
    expect(rows).toHaveLength(before[0].n + 1);
    expect(rows[0]).toMatchObject({ actor: `cli:${userInfo().username}`, channel: 'CLI', action: 'FINDINGS_EXPORTED' });
    expect(rows[0].records).toEqual([
      [F, 'CLI-1'],
      [F, 'CLI-2'],
    ]);
    expect(rows[0].query).toMatchObject({ force: F, period: '2024-25', status: 'all', format: 'csv' });
  });

  it('--format csv prints the findings, one row each, readable by csv-parse', async () => {
    const r = await cli(env, work, 'compliance', '--force', F, '--period', '2024-25', '--format', 'csv');
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { bom: true }) as string[][];
    expect(rows[0]).toEqual([
      'Check',
      'Severity',
      'Force',
      'Referral reference',
      'Status',
      'Due at',
      'Resolved at',
      'Evidence (event ids)',
      'Finding',
    ]);
    expect(
      rows
        .slice(1)
        .map((x) => `${x[3]}:${x[0]}:${x[4]}`)
        .sort(),
    ).toEqual(['CLI-1:MS-03:open', 'CLI-2:MS-02:resolved', 'CLI-2:MS-03:open', 'CLI-2:MS-07:open']);
  });

  it('--force ALL gives a summary per force', async () => {
    const r = await cli(env, work, 'compliance', '--force', 'ALL', '--period', '2024-25');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { summaries: { force: string; records: number }[]; findings: unknown[] };
    expect(out.summaries).toHaveLength(44);
    expect(out.summaries.find((s) => s.force === F)?.records).toBe(2);
    expect(out.findings).toHaveLength(4);
  });
});
