// ESLint flat config: typescript-eslint's recommended rules without type information (fast), plus the
// layer rule that keeps src/hocr/ a pure domain (ARCHITECTURE.md: no framework, no database, no I/O).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** What the pure domain may never load (src/lint-rules.spec.ts proves the rule fires). */
const HOCR_FORBIDDEN_MODULES = [
  // framework and persistence
  'typeorm',
  'pg',
  'class-validator',
  'class-transformer',
  'nestjs-pino',
  'pino',
  // node I/O (with and without the node: prefix)
  ...[
    'fs',
    'fs/promises',
    'net',
    'http',
    'https',
    'http2',
    'child_process',
    'cluster',
    'dgram',
    'dns',
    'dns/promises',
    'tls',
    'worker_threads',
    'readline',
    'os',
    'process',
    'inspector',
    'vm',
    'module',
  ].flatMap((m) => [m, `node:${m}`]),
];
const HOCR_FORBIDDEN_PATTERNS = ['@nestjs/*', '@electric-sql/*', 'typeorm/*', 'pg/*', 'pg-*'];

const hocrMessage = 'src/hocr/ is the pure domain: no Nest, TypeORM, database driver or I/O module (see ARCHITECTURE.md)';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'openapi.json'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/hocr/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: HOCR_FORBIDDEN_MODULES.map((name) => ({ name, message: hocrMessage })),
          patterns: [{ group: HOCR_FORBIDDEN_PATTERNS, message: hocrMessage }],
        },
      ],
      // Dynamic import() and require() of the same modules, which no-restricted-imports does not see.
      'no-restricted-syntax': [
        'error',
        ...['ImportExpression > Literal.source', "CallExpression[callee.name='require'] > Literal.arguments"].map((selector) => ({
          selector: `${selector}[value=/^(node:|@nestjs\\/|@electric-sql\\/|typeorm|pg($|\\/|-)|fs|net|https?2?|child_process|cluster|dgram|dns|tls|worker_threads|readline|os$|process$|inspector|vm$|module$|class-(validator|transformer)|(nestjs-)?pino)/]`,
          message: hocrMessage,
        })),
      ],
    },
  },
);
