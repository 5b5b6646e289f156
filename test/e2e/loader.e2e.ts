import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OPTIONS, generateEvents } from '../../src/synthetic/generator';
import { compileCli, compiledText } from '../helpers/cli-fixture';
import { createTestApp, type TestApp } from '../helpers/test-app';

/**
 * Issue 6 deliverable 2: `npm run generate -- … > events.ndjson`, then `npm run load -- events.ndjson`, as a
 * process (the compiled loader) against the application listening on a port.
 */
let t: TestApp;
let url: string;
let token: string;
let work: string;

beforeAll(async () => {
  work = await compileCli('n200-loader-');
  t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  url = await t.app.getUrl();
  token = await t.token('recorder', '*');
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const load = (file: string, ...args: string[]) =>
  compiledText(join('bench', 'load', 'load.js'), {}, work, file, '--url', url, '--token', token, '--quiet', ...args);

it('loads a generated file (npm banner lines and all) in batches and prints events per second', async () => {
  const lines = [...generateEvents({ ...DEFAULT_OPTIONS, from: '2024-01', to: '2024-01', scale: 0.05, seed: 3 })].map((e) =>
    JSON.stringify(e),
  );
  expect(lines.length).toBeGreaterThan(20);
  // what `npm run generate -- … > events.ndjson` writes: npm's banner first, on stdout
  const file = join(work, 'events.ndjson');
  writeFileSync(file, ['', '> n200@0.1.0 generate', '> node dist/bench/generator/generate.js --scale 0.05', '', ...lines, ''].join('\n'));

  const r = await load(file, '--batch', '7');
  expect(r.code).toBe(0);
  expect(r.stdout + r.stderr).toMatch(
    new RegExp(`load: ${lines.length} events in ${Math.ceil(lines.length / 7)} batches, [\\d.]+ s, \\d+ events/s; APPLIED ${lines.length}`),
  );
  const [{ n }] = (await t.dataSource.query('SELECT count(*)::int AS n FROM events')) as { n: number }[];
  expect(n).toBe(lines.length);

  // loading it again is harmless: every event a DUPLICATE
  const again = await load(file, '--batch', '100');
  expect(again.code).toBe(0);
  expect(again.stdout + again.stderr).toMatch(new RegExp(`DUPLICATE ${lines.length}`));
}, 60_000);

it('stops at a malformed event and names its line in the file', async () => {
  const file = join(work, 'bad.ndjson');
  writeFileSync(file, ['> n200@0.1.0 generate', '{"eventId":"bad-1","type":"REFERRAL_RECEIVED"}', ''].join('\n'));
  const r = await load(file);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/line 2: /);
}, 60_000);
