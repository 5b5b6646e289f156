import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { ScenarioRunner, type Scenario } from '../helpers/scenario-runner';
import { createNationalTestApp, type TestApp } from '../helpers/test-app';

/**
 * The scenario suite (issue 3, deliverable 6): every file in test/scenarios/ is an event sequence with
 * the expected record after each step, run through the HTTP API in order. See
 * test/helpers/scenario-runner.ts for the format and the invariants checked after every step.
 */
const DIR = join(__dirname, '..', 'scenarios');
const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

let t: TestApp;
let token: string;
beforeAll(async () => {
  ({ t, recorder: token } = await createNationalTestApp());
}, 60_000);
afterAll(async () => {
  await t?.close();
});

it('finds the scenario files', () => {
  expect(files.length).toBeGreaterThanOrEqual(20);
});

for (const file of files) {
  const scenario = parse(readFileSync(join(DIR, file), 'utf8')) as Scenario;
  describe(`${file}: ${scenario.name}`, () => {
    it(scenario.description ?? scenario.name, async () => {
      expect(Array.isArray(scenario.steps) && scenario.steps.length > 0).toBe(true);
      await new ScenarioRunner(t, token, `${basename(file).replace(/\.ya?ml$/, '')}/`, scenario).run();
    });
  });
}
