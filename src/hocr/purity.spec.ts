// SPEC (ARCHITECTURE "hocr/ PURE domain"): nothing in src/hocr may load a framework, the database
// or I/O. Every forbidden module is replaced by one that throws when loaded, then the whole public
// API is loaded and exercised.
const FORBIDDEN = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/cqrs',
  '@nestjs/typeorm',
  'typeorm',
  'pg',
  '@electric-sql/pglite',
  'class-validator',
  'class-transformer',
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'http',
  'node:http',
  'net',
  'node:net',
  'child_process',
  'node:child_process',
];

describe('src/hocr is a pure domain', () => {
  it('loads and runs without any framework, database or I/O module', () => {
    for (const name of FORBIDDEN) {
      jest.doMock(
        name,
        () => {
          throw new Error(`src/hocr must not import ${name}`);
        },
        { virtual: true },
      );
    }
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const hocr = require('./index') as typeof import('./index');
      expect(hocr.isWorkingDay('2022-09-19')).toBe(false);
      expect(hocr.parseCode('N200/1')).toBe('N200/01');
      expect(hocr.classify(hocr.fold([])).rule).toBe('INCOMPLETE');
    });
  });
});
