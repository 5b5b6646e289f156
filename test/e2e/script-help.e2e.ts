import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_SET_VERSION } from '../../src/hocr/classify';
import { compileCli, compiledText } from '../helpers/cli-fixture';

/**
 * `--help` on every command (Developers' guide): each npm script that runs a compiled program prints its
 * usage on stdout and exits 0 without doing its work, and a wrong option is a usage mistake (exit 2, one line
 * naming it on stderr, then the usage for most), never a stack trace. The scripts are read from package.json, so a
 * new one is held to this too.
 */
const ROOT = join(__dirname, '..', '..');
const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;

/** [npm script, program under dist/, arguments before the options] for each script that runs dist/… */
const programs: [string, string, string[]][] = Object.entries(scripts).flatMap(([name, line]) => {
  const m = / node (?:--\S+ )*dist\/(\S+\.js)((?: [a-z][\w-]*)*)$/.exec(line);
  return m ? [[name, m[1], m[2].trim().split(' ').filter(Boolean)] as [string, string, string[]]] : [];
});
// the ingest command without HTTP (for profiling) has no npm script of its own
programs.push(['ingest-direct', 'bench/ingest/ingest-direct.js', []]);

let work: string;
beforeAll(async () => {
  work = await compileCli('n200-script-help-');
}, 120_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

it('finds the programs of package.json', () => {
  expect(programs.map(([name]) => name)).toEqual(
    expect.arrayContaining(['generate', 'load', 'bench', 'bench:returns', 'bench:compliance', 'bench:refold', 'openapi', 'cli', 'token']),
  );
});

describe.each(programs)('npm run %s (dist/%s)', (_name, program, before) => {
  it('--help prints the usage on stdout and exits 0, doing nothing else', async () => {
    const openapi = statSync(join(ROOT, 'openapi.json')).mtimeMs;
    const r = await compiledText(program, {}, work, ...before, '--help');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Usage: /);
    expect(statSync(join(ROOT, 'openapi.json')).mtimeMs).toBe(openapi);
  });

  it('an unknown option exits 2 with a first line on stderr naming it, and no stack trace', async () => {
    const r = await compiledText(program, {}, work, ...before, '--no-such-option');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^[\w: -]+?: [^\n]*--no-such-option[^\n]*\n/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

it('npm run cli -- --version prints the package version and the rule set, exit 0', async () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const r = await compiledText('src/cli/main.js', {}, work, flag);
    expect(r).toEqual({ code: 0, stdout: `n200 ${version}, rule set ${RULE_SET_VERSION}\n`, stderr: '' });
  }
});
