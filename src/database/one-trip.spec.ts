import { parameterised } from './one-trip';

describe('a call of a write function', () => {
  it('is one statement with typed parameters', () => {
    expect(
      parameterised({
        fn: 'f',
        args: [
          ['x', 'text'],
          ['{"a":1}', 'jsonb'],
          [['r1', 'r2'], 'text[]'],
          [true, 'boolean'],
          [null, 'text'],
        ],
      }),
    ).toEqual({
      sql: 'SELECT f($1::text, $2::jsonb, $3::text[], $4::boolean, $5::text) AS r',
      params: ['x', '{"a":1}', ['r1', 'r2'], true, null],
    });
  });
});
