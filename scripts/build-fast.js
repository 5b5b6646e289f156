// Fast build for `npm start` and the CLIs: compiles TypeScript to CommonJS with swc (the same transform
// the tests run through), without type checking, in about a second. `npm run build` (tsc) and
// `npm run typecheck` remain the checked build; CI runs both.
'use strict';
const { readdirSync, mkdirSync, writeFileSync, readFileSync, renameSync, statSync } = require('node:fs');
const { join, relative, dirname } = require('node:path');
const { transformFileSync } = require('@swc/core');

const root = join(__dirname, '..');
const out = join(root, 'dist');
const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'migrations', 'scripts', 'bench'];
const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
};

/**
 * Writes a file so that a program reading it at the same moment sees the old text or the new, never half of
 * one: the tests compile while other test files run programs from dist/ (two Jest workers), and a truncated
 * module there was a SyntaxError and exit 1 (CI, 2026-11-23). An unchanged file is left alone.
 */
function writeWhole(path, text) {
  try {
    if (readFileSync(path, 'utf8') === text) return;
  } catch {
    // not there yet
  }
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function* tsFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* tsFiles(path);
    else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts')) yield path;
  }
}

const started = Date.now();
let n = 0;
for (const r of roots) {
  for (const file of tsFiles(join(root, r))) {
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    const { code, map } = transformFileSync(file, { ...options, sourceFileName: relative(dirname(target), file) });
    mkdirSync(dirname(target), { recursive: true });
    writeWhole(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
    if (map) writeWhole(`${target}.map`, map);
    n++;
  }
}
process.stderr.write(`build: ${n} files compiled with swc in ${Date.now() - started} ms\n`);
