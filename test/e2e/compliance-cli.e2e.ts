import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { mintToken } from '../../src/auth/mint-token';
import { loadConfig } from '../../src/config/env';
import type { DatabaseTarget } from '../../src/database/data-source';
import { TEST_SECRET } from '../helpers/test-app';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

/**
 * The compliance CLI (issue 5, deliverable 4), compiled, as a process: `node dist/src/cli/main.js compliance …`.
 * Usage errors exit 2 without opening the database; on the service's database (DATA_DIR for the embedded
 * database, DATABASE_URL on PostgreSQL) its summary and findings are the HTTP API's.
 */
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr });
    });
  });
}

const cli = (env: Record<string, string>, cwd: string, ...args: string[]) => run(process.execPath, [CLI, ...args], env, cwd);

jest.setTimeout(60_000);

let work: string;
beforeAll(async () => {
  const build = await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { HOME: process.env.HOME ?? '' }, ROOT);
  if (build.code !== 0) throw new Error(`tsc failed: ${build.stdout}${build.stderr}`);
  work = mkdtempSync(join(tmpdir(), 'n200-compliance-cli-'));
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
  let db: TestDatabase | undefined;
  let env: Record<string, string>;
  let httpSummary: Record<string, unknown>;
  let httpFindings: Record<string, unknown>[];

  beforeAll(async () => {
    let target: DatabaseTarget;
    if (process.env.TEST_DATABASE_URL) {
      db = await createTestDatabase();
      target = db.target;
      env = { DATABASE_URL: target.url! };
    } else {
      target = { dataDir: join(work, 'data') };
      env = { DATA_DIR: target.dataDir! };
    }
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUTH_JWT_SECRET: TEST_SECRET });
    const app: NestFastifyApplication = await createApp({ config, database: target });
    try {
      const http = request(app.getHttpServer());
      const token = (roles: string[]) => mintToken({ secret: TEST_SECRET, roles: roles as never, forces: ['*'], ttl: '10m' });
      const referral = (ref: string, over: Record<string, unknown> = {}) => ({
        eventId: `${ref}/referral`,
        type: 'REFERRAL_RECEIVED',
        force: F,
        referralRef: ref,
        occurredAt: '2024-06-03',
        receivedAt: '2024-06-03T10:00:00Z',
        recordedAt: '2024-06-03T10:05:00Z',
        referralType: 'NRM',
        source: 'COMPETENT_AUTHORITY',
        firstResponder: { type: 'LOCAL_AUTHORITY', organisation: 'Leeds City Council' },
        victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true },
        exploitationTypes: ['LABOUR'],
        exploitationLocation: 'UK',
        ...over,
      });
      const events = [
        referral('CLI-1'), // MS-03 open
        referral('CLI-2', { victim: { ageGroup: 'ADULT', ageDisputed: false }, recordedAt: '2024-06-05T10:00:00Z' }), // MS-07 open, MS-02 resolved, MS-03 open
        {
          eventId: 'CLI-3/rg',
          type: 'RG_DECISION',
          force: F,
          referralRef: 'CLI-3',
          occurredAt: '2024-06-07',
          receivedAt: '2024-06-07T12:00:00Z',
          outcome: 'NEGATIVE',
          decisionMaker: 'SCA',
        }, // MS-09 open, no record received date: not in the period's findings
        referral('CLI-4', { occurredAt: '2023-06-05', receivedAt: '2023-06-05T10:00:00Z', recordedAt: '2023-06-05T10:05:00Z' }), // 2023-24
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
    } finally {
      await app.close(); // releases the embedded database for the CLI
    }
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
