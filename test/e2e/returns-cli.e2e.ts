import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { mintToken } from '../../src/auth/mint-token';
import { loadConfig } from '../../src/config/env';
import type { DatabaseTarget } from '../../src/database/data-source';
import { TEST_SECRET } from '../helpers/test-app';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

/**
 * The auditor CLI (issue 4, deliverable 6), compiled, as a process: `node dist/src/cli/main.js return …`.
 * Its return is the service's return: the same database (DATA_DIR for the embedded database, or
 * DATABASE_URL on PostgreSQL), the same CSV bytes as at the same time.
 */
const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

interface Run {
  code: number;
  stdout: Buffer;
  stderr: string;
}

function run(file: string, args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr: stderr.toString('utf8') });
      },
    );
  });
}

const cli = (env: Record<string, string>, cwd: string, ...args: string[]) => run(process.execPath, [CLI, ...args], env, cwd);

jest.setTimeout(60_000);

let work: string;
beforeAll(async () => {
  const build = await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { HOME: process.env.HOME ?? '' }, ROOT);
  if (build.code !== 0) throw new Error(`tsc failed: ${build.stdout.toString()}${build.stderr}`);
  work = mkdtempSync(join(tmpdir(), 'n200-returns-cli-'));
}, 180_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('return command: usage', () => {
  it('--help prints the usage on stdout, exit 0', async () => {
    const r = await cli({ DATA_DIR: join(work, 'help') }, work, 'return', '--help');
    expect(r.code).toBe(0);
    const out = r.stdout.toString();
    expect(out).toMatch(/^Usage: npm run cli -- return --force CODE --period PERIOD/);
    for (const opt of ['--force', '--period', '--as-at', '--format', '--help']) expect(out).toContain(opt);
    expect(existsSync(join(work, 'help'))).toBe(false);
  });

  it.each([
    [['--force', 'E23000010', '--period', '2024-26'], /^n200 return: --period: invalid period "2024-26": .*expected 2024-25\n/],
    [['--force', 'E23000010', '--period', 'last-year'], /^n200 return: --period: invalid period "last-year"/],
    [['--force', 'E99999999', '--period', '2024-25'], /^n200 return: --force: must be a force code such as E23000010, or ALL\n/],
    [['--force', 'E99999999', '--period', '2024-26'], /^n200 return: --force: .*; --period: invalid period/],
    [['--period', '2024-25'], /^n200 return: --force is required\n/],
    [['--force', 'E23000010'], /^n200 return: --period is required\n/],
    [['--force', 'E23000010', '--period', '2024-25', '--format', 'pdf'], /^n200 return: --format pdf must be json, csv or xlsx\n/],
    [
      ['--force', 'E23000010', '--period', '2024-25', '--as-at', 'yesterday'],
      /^n200 return: --as-at yesterday is not an ISO 8601 date-time\n/,
    ],
    [['--force', 'E23000010', '--period', '2024-25', '--colour'], /^n200 return: .*--colour/],
  ])('%j: exit 2, a clear message, the database untouched', async (args, message) => {
    const dataDir = join(work, 'untouched');
    const r = await cli({ DATA_DIR: dataDir }, work, 'return', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout.length).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('return command: the service database', () => {
  const F = 'E23000010';
  let db: TestDatabase | undefined;
  let target: DatabaseTarget;
  let env: Record<string, string>;
  let httpCsv: Buffer;
  let httpJson: { asAt: string; byCode: Record<string, number>; rows: unknown[] };

  beforeAll(async () => {
    // PostgreSQL (TEST_DATABASE_URL): a fresh test database; else the embedded database in a DATA_DIR.
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
      const base = {
        type: 'REFERRAL_RECEIVED',
        force: F,
        occurredAt: '2024-06-03',
        receivedAt: '2024-06-03T10:00:00Z',
        referralType: 'NRM',
        source: 'COMPETENT_AUTHORITY',
        firstResponder: { type: 'LOCAL_AUTHORITY', organisation: 'A City Council' },
        victim: { ageGroup: 'ADULT', ageDisputed: false, consentToNrm: true },
        exploitationTypes: ['LABOUR'],
        exploitationLocation: 'UK',
      };
      const events = [
        { ...base, eventId: 'cli-a', referralRef: 'CLI-a' },
        { ...base, eventId: 'cli-b', referralRef: 'CLI-b' },
        {
          eventId: 'cli-b-rg',
          type: 'RG_DECISION',
          force: F,
          referralRef: 'CLI-b',
          occurredAt: '2024-06-07',
          outcome: 'POSITIVE',
          decisionMaker: 'SCA',
        },
        { ...base, eventId: 'cli-c', referralRef: 'CLI-c', receivedAt: '2024-03-31T23:30:00Z', occurredAt: '2024-03-31' },
      ];
      await http
        .post('/v1/events/batch')
        .set('authorization', `Bearer ${await token(['recorder'])}`)
        .send({ events })
        .expect(200);
      const auditor = await token(['auditor']);
      httpJson = (
        await http.get('/v1/returns').query({ force: F, period: '2024-25' }).set('authorization', `Bearer ${auditor}`).expect(200)
      ).body;
      const csv = await http
        .get('/v1/returns')
        .query({ force: F, period: '2024-25', format: 'csv', asAt: httpJson.asAt })
        .set('authorization', `Bearer ${auditor}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      httpCsv = csv.body as Buffer;
    } finally {
      await app.close(); // releases the embedded database for the CLI (one user at a time)
    }
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('prints the same CSV bytes as the HTTP API as at the same time', async () => {
    const r = await cli(env, work, 'return', '--force', F, '--period', '2024-25', '--format', 'csv', '--as-at', httpJson.asAt);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(Buffer.compare(r.stdout, httpCsv)).toBe(0);
    const rows = parse(r.stdout.toString('utf8')) as string[][];
    expect(rows).toHaveLength(29);
    expect(rows.slice(1, 8).map((x) => x[7])).toEqual(['2', '0', '0', '0', '0', '0', '1']);
  });

  it('prints JSON by default: the same document as the HTTP API', async () => {
    const r = await cli(env, work, 'return', '--force', F, '--period', '2024-25', '--as-at', httpJson.asAt);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.toString('utf8'))).toEqual(httpJson);
  });

  it('writes XLSX bytes to stdout, readable by exceljs', async () => {
    const r = await cli(env, work, 'return', '--force', F, '--period', '2024-25-Q1', '--format', 'xlsx');
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.stdout as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['2024-25']);
    expect(wb.worksheets[0].rowCount).toBe(8);
    expect(wb.worksheets[0].getRow(2).getCell(8).value).toBe(2);
  });

  it('force ALL and as at a time before any event: all zero', async () => {
    const r = await cli(
      env,
      work,
      'return',
      '--force',
      'ALL',
      '--period',
      '2024-25-Q1',
      '--as-at',
      '2020-01-01T00:00:00Z',
      '--format',
      'csv',
    );
    expect(r.code).toBe(0);
    const rows = parse(r.stdout.toString('utf8')) as string[][];
    expect(rows.length).toBeGreaterThan(1 + 40 * 7);
    expect(rows.slice(1).every((x) => x[7] === '0')).toBe(true);
  });
});
