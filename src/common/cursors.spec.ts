import { ValidationFailedError } from './app-error';
import { decodeCursor, encodeCursor, type CursorPart } from './cursors';

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const UUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const AT = '2024-06-03T10:00:00.123456Z';

describe('keyset cursors: exactly the shape the service issues', () => {
  it.each<[readonly CursorPart[], string[], string[]]>([
    [['r:id'], ['r:42'], ['42']],
    [['f:id'], ['f:999999999999999999'], ['999999999999999999']],
    [
      ['instant', 'id'],
      [AT, '7'],
      [AT, '7'],
    ],
    [
      ['instant', 'uuid'],
      [AT, UUID],
      [AT, UUID],
    ],
  ])('round-trips %j', (shape, parts, decoded) => {
    expect(decodeCursor(encodeCursor(parts), shape)).toEqual(decoded);
  });

  it.each<[string, readonly CursorPart[], string]>([
    // the worklist's: instant then id, nothing else
    ['MQ (base64url of 1)', ['instant', 'id'], b64('1')],
    ['1|2', ['instant', 'id'], b64('1|2')],
    ['id before instant', ['instant', 'id'], b64(`7|${AT}`)],
    ['an impossible instant', ['instant', 'id'], b64('2024-99-99T00:00:00.000000Z|1')],
    ['a short instant', ['instant', 'id'], b64('2024-99-99T00:00Z|1')],
    ['an instant in year 9999', ['instant', 'id'], b64('9999-12-31T00:00:00.000000Z|1')],
    ['an id past bigint', ['instant', 'id'], b64(`${AT}|99999999999999999999`)],
    ['a third part', ['instant', 'id'], b64(`${AT}|1|2`)],
    ['id 0', ['instant', 'id'], b64(`${AT}|0`)],
    // submissions': instant then a real UUID
    ['0|uuid', ['instant', 'uuid'], b64(`0|${UUID}`)],
    ['1|nil-looking uuid', ['instant', 'uuid'], b64('1|00000000-0000-0000-0000-000000000000')],
    ['an instant past PostgreSQL', ['instant', 'uuid'], b64(`+275760-09-13T00:00:00Z|${UUID}`)],
    ['36 dashes', ['instant', 'uuid'], b64(`${AT}|${'-'.repeat(36)}`)],
    ['36 a', ['instant', 'uuid'], b64(`${AT}|${'a'.repeat(36)}`)],
    ['an upper-case uuid', ['instant', 'uuid'], b64(`${AT}|${UUID.toUpperCase()}`)],
    // one-part cursors
    ['f:1|f:2', ['f:id'], b64('f:1|f:2')],
    ['a record cursor for findings', ['f:id'], b64('r:1')],
    ['r: with no id', ['r:id'], b64('r:')],
    ['r:-1', ['r:id'], b64('r:-1')],
    ['characters outside base64url', ['r:id'], `${b64('r:1')}!!`],
    ['padded base64', ['r:id'], 'cjox=='],
    ['empty', ['r:id'], ''],
    ['garbage', ['r:id'], 'not-a-cursor'],
  ])('refuses %s with a 400 naming cursor', (_name, shape, cursor) => {
    expect(() => decodeCursor(cursor, shape)).toThrow(ValidationFailedError);
    try {
      decodeCursor(cursor, shape);
    } catch (e) {
      expect((e as ValidationFailedError).details).toEqual([{ field: 'cursor', reason: 'is not a cursor this service issued' }]);
    }
  });
});
