import { literal, parameterised, sqlString } from './one-trip';

describe('SQL literals of the one-trip transaction', () => {
  it('doubles quotes, and writes a value with a backslash as an escape string', () => {
    expect(sqlString("O'Brien")).toBe("'O''Brien'");
    expect(sqlString('plain')).toBe("'plain'");
    expect(sqlString('a\\b')).toBe("E'a\\\\b'");
    expect(sqlString("\\'; DROP TABLE events; --")).toBe("E'\\\\''; DROP TABLE events; --'");
  });

  it('refuses a NUL character (it would end the message)', () => {
    expect(() => sqlString('a\0b')).toThrow(/NUL/);
  });

  it('writes a call with typed literals, and the same call with parameters', () => {
    const call = {
      fn: 'f',
      args: [
        ['x', 'text'],
        ['{"a":"it\'s"}', 'jsonb'],
        [['r1', "r'2"], 'text[]'],
        [[], 'text[]'],
        [true, 'boolean'],
        [null, 'text'],
      ] as const,
    };
    const c = { fn: call.fn, args: [...call.args] } as Parameters<typeof literal>[0];
    expect(literal(c)).toBe(
      "SELECT f('x'::text, '{\"a\":\"it''s\"}'::jsonb, ARRAY['r1', 'r''2']::text[], ARRAY[]::text[], true, NULL::text) AS r",
    );
    expect(parameterised(c)).toEqual({
      sql: 'SELECT f($1::text, $2::jsonb, $3::text[], $4::text[], $5::boolean, $6::text) AS r',
      params: ['x', '{"a":"it\'s"}', ['r1', "r'2"], [], true, null],
    });
  });
});
