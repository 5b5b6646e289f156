import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { cliBytes as cli, compileCli, seedCliDatabase, type CliDatabase } from '../helpers/cli-fixture';
import { referral, rg, UNRECORDED_REFERRAL, type RawEvent } from '../helpers/wire-events';

/**
 * The auditor CLI (issue 4, deliverable 6), compiled, as a process: `node dist/src/cli/main.js return …`.
 * Its return is the service's return: the same database (DATA_DIR for the embedded database, or
 * DATABASE_URL on PostgreSQL), the same CSV bytes as at the same time.
 */
jest.setTimeout(60_000);

let work: string;
beforeAll(async () => {
  work = await compileCli('n200-returns-cli-');
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
    [['--force', 'E23000010', '--period', '9999-12'], /^n200 return: --period: invalid period "9999-12": .*years 1900–2999\n/],
    [['--force', 'E99999999', '--period', '2024-25'], /^n200 return: --force: must be a force code such as E23000010, or ALL\n/],
    [['--force', 'E99999999', '--period', '2024-26'], /^n200 return: --force: .*; --period: invalid period/],
    [['--period', '2024-25'], /^n200 return: --force is required\n/],
    [['--force', 'E23000010'], /^n200 return: --period is required\n/],
    [['--force', 'E23000010', '--period', '2024-25', '--format', 'pdf'], /^n200 return: --format pdf must be json, csv or xlsx\n/],
    [
      ['--force', 'E23000010', '--period', '2024-25', '--as-at', 'yesterday'],
      /^n200 return: --as-at yesterday must be an ISO 8601 date-time with an offset, e\.g\. 2025-04-01T00:00:00Z, in years 1900–2999\n/,
    ],
    [
      ['--force', 'E23000010', '--period', '2024-25', '--as-at', '2024-W01'],
      /^n200 return: --as-at 2024-W01 must be an ISO 8601 date-time/,
    ],
    [
      ['--force', 'E23000010', '--period', '2024-25', '--as-at', '2024-06-03T10:00:00'],
      /^n200 return: --as-at 2024-06-03T10:00:00 must be/,
    ],
    [
      ['--force', 'E23000010', '--period', '2024-25', '--as-at', '9999-12-31T23:59:59Z'],
      /^n200 return: --as-at 9999-12-31T23:59:59Z must be/,
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
  let db: CliDatabase | undefined;
  let env: Record<string, string>;
  let httpCsv: Buffer;
  let httpJson: { asAt: string; byCode: Record<string, number>; rows: unknown[] };

  beforeAll(async () => {
    db = await seedCliDatabase(work, async ({ http, token }) => {
      const base = (ref: string, over: RawEvent = {}) => referral(F, ref, { ...UNRECORDED_REFERRAL, ...over });
      const events = [
        base('CLI-a', { eventId: 'cli-a' }),
        base('CLI-b', { eventId: 'cli-b' }),
        rg(F, 'CLI-b', 'POSITIVE', { eventId: 'cli-b-rg', receivedAt: undefined }),
        base('CLI-c', { eventId: 'cli-c', receivedAt: '2024-03-31T23:30:00Z', occurredAt: '2024-03-31' }),
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
    });
    env = db.env;
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

  it('refuses a DATA_DIR that holds no database (exit 1) instead of making an empty one', async () => {
    const missing = join(work, 'no-such-data');
    const r = await cli({ DATA_DIR: missing }, work, 'return', '--force', F, '--period', '2024-25', '--format', 'csv');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `n200 return: there is no database in DATA_DIR ${missing} (start the service with this DATA_DIR first, or set DATABASE_URL)\n`,
    );
    expect(r.stdout.length).toBe(0);
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses an --as-at later than the service time (exit 2), as the HTTP API does', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const r = await cli(env, work, 'return', '--force', F, '--period', '2024-25', '--as-at', future);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^n200 return: --as-at ${future} must not be later than the service's current time`));
    expect(r.stdout.length).toBe(0);
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
