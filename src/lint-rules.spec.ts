import { join } from 'node:path';
import { ESLint } from 'eslint';

/**
 * The layer rule in eslint.config.mjs: nothing under src/hocr/ may load Nest, TypeORM, a database driver
 * or a node I/O module. Linted through ESLint's Node API with the project's own config, on text that
 * never touches the disk.
 */
const ROOT = join(__dirname, '..');

describe('eslint layer rule for src/hocr/', () => {
  let eslint: ESLint;
  beforeAll(() => {
    eslint = new ESLint({ cwd: ROOT });
  });

  async function ruleIds(code: string, filePath: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
    expect(result.fatalErrorCount).toBe(0);
    return result.messages.map((m) => m.ruleId ?? 'fatal');
  }

  it.each([
    '@nestjs/common',
    '@nestjs/core',
    '@nestjs/cqrs',
    '@nestjs/typeorm',
    'typeorm',
    'typeorm/driver/postgres/PostgresDriver',
    'pg',
    '@electric-sql/pglite',
    'fs',
    'node:fs',
    'fs/promises',
    'node:fs/promises',
    'net',
    'node:net',
    'http',
    'node:http',
    'https',
    'node:https',
    'child_process',
    'node:child_process',
    'dgram',
    'dns',
    'tls',
    'worker_threads',
    'node:worker_threads',
  ])('fails on an import of %s', async (module) => {
    expect(await ruleIds(`import * as m from '${module}';\nexport const x = m;\n`, 'src/hocr/x.ts')).toEqual([
      '@typescript-eslint/no-restricted-imports',
    ]);
  });

  it('fails on type-only imports and re-exports too', async () => {
    expect(await ruleIds("import type { QueryRunner } from 'typeorm';\nexport type Q = QueryRunner;\n", 'src/hocr/x.ts')).toEqual([
      '@typescript-eslint/no-restricted-imports',
    ]);
    expect(await ruleIds("export { Injectable } from '@nestjs/common';\n", 'src/hocr/x.ts')).toEqual([
      '@typescript-eslint/no-restricted-imports',
    ]);
  });

  it('fails on dynamic import() and require()', async () => {
    expect(await ruleIds("export const load = () => import('node:fs');\n", 'src/hocr/x.ts')).toEqual(['no-restricted-syntax']);
    expect(await ruleIds("export const load = () => import('@nestjs/core');\n", 'src/hocr/x.ts')).toEqual(['no-restricted-syntax']);
    const requireCode = "// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const pg = require('pg');\n";
    expect(await ruleIds(requireCode, 'src/hocr/x.ts')).toEqual(['no-restricted-syntax']);
  });

  it('applies to the domain’s test files as well', async () => {
    expect(await ruleIds("import { Test } from '@nestjs/testing';\nexport const t = Test;\n", 'src/hocr/x.spec.ts')).toEqual([
      '@typescript-eslint/no-restricted-imports',
    ]);
  });

  it('allows relative imports and pure libraries in src/hocr/', async () => {
    expect(
      await ruleIds(
        "import { FORCES } from './forces';\nimport Holidays from 'date-holidays';\nexport const x = [FORCES, Holidays];\n",
        'src/hocr/x.ts',
      ),
    ).toEqual([]);
  });

  it('does not restrict the rest of the service', async () => {
    expect(
      await ruleIds(
        "import { readFileSync } from 'node:fs';\nimport { Injectable } from '@nestjs/common';\nexport const x = [readFileSync, Injectable];\n",
        'src/forces/x.ts',
      ),
    ).toEqual([]);
  });
});
