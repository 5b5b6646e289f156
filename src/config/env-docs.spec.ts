import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './env';

/** env.ts, .env.example and the README's configuration table must name the same variables. */
const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

const inLoader = [...read('src/config/env.ts').matchAll(/\(env, '([A-Z_]+)'/g)].map((m) => m[1]);
const inExample = [...read('.env.example').matchAll(/^#? ?([A-Z][A-Z_]+)=/gm)].map((m) => m[1]);
const readmeTable = read('README.md').split('## Configuration')[1].split('\n## ')[0];
const inReadme = [...readmeTable.matchAll(/^\| `([A-Z_]+)`\s+\|/gm)].map((m) => m[1]);
const sorted = (names: string[]) => [...new Set(names)].sort();

describe('configuration documentation', () => {
  it('finds the variables the loader reads', () => {
    expect(inLoader).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'AUTH_JWT_SECRET']));
  });

  it('.env.example documents every variable, and no other', () => {
    expect(sorted(inExample)).toEqual(sorted(inLoader));
  });

  it("the README's table documents every variable, and no other", () => {
    expect(sorted(inReadme)).toEqual(sorted(inLoader));
  });

  it('.env.example, used as it is, gives the defaults', () => {
    const example = Object.fromEntries(
      read('.env.example')
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    );
    expect(loadConfig(example)).toEqual(loadConfig({}));
  });
});
