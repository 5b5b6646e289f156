import { asAtOrNow, instantMicrosParam, isWellFormedText, UUID_PATTERN } from './wire-values';
import { ValidationFailedError } from './app-error';

describe('values a request names', () => {
  it.each([
    ['NRM-2024-000123', true],
    ['', true],
    ['émigré ✓ 😀', true],
    ['a\u0000b', false],
    ['\u0000', false],
    ['\uD800', false],
    ['x\uDC00', false],
    ['\uDE00\uD83D', false],
  ])('text %j is well formed for PostgreSQL: %s', (value, ok) => {
    expect(isWellFormedText(value)).toBe(ok);
  });

  it.each([
    ['3f2504e0-4f89-41d3-9a0c-0305e82c3301', true],
    ['3F2504E0-4F89-41D3-9A0C-0305E82C3301', true],
    ['000000000000000000000000000000000000', false],
    ['------------------------------------', false],
    ['0000000000000000000000000000000000-0', false],
    ['3f2504e0-4f89-41d3-9a0c-0305e82c330', false],
    ['3f2504e04f8941d39a0c0305e82c3301', false],
  ])('%j is a UUID: %s', (value, ok) => {
    expect(UUID_PATTERN.test(value)).toBe(ok);
  });

  it('asAt: now when left out, the instant when past or now, a 400 naming asAt when later than now', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(asAtOrNow(undefined, now)).toBe(now);
    expect(asAtOrNow(new Date(now), now)).toEqual(now);
    expect(asAtOrNow(new Date('2025-01-01T00:00:00Z'), now)).toEqual(new Date('2025-01-01T00:00:00Z'));
    expect(() => asAtOrNow(new Date(now.getTime() + 1), now)).toThrow(ValidationFailedError);
    try {
      asAtOrNow(new Date(now.getTime() + 1), now);
    } catch (e) {
      expect((e as ValidationFailedError).details).toEqual([
        {
          field: 'asAt',
          reason: "must not be later than the service's current time (2026-01-01T00:00:00.000Z); leave it out to read as at now",
        },
      ]);
    }
  });
});

describe('instantMicrosParam', () => {
  it.each([
    ['2026-11-23T16:23:36.459466Z', '2026-11-23T16:23:36.459466Z'],
    ['2026-11-23T16:23:36.459466789Z', '2026-11-23T16:23:36.459466Z'],
    ['2026-11-23T16:23:36.4594Z', '2026-11-23T16:23:36.459400Z'],
    ['2026-11-23T16:23:36Z', '2026-11-23T16:23:36.000000Z'],
    ['2026-11-23T16:23Z', '2026-11-23T16:23:00.000000Z'],
    ['2026-11-23T17:23:36.459466+01:00', '2026-11-23T16:23:36.459466Z'],
    ['2026-03-29T00:30:00.9999995-00:30', '2026-03-29T01:00:00.999999Z'],
  ])('%s is %s', (value, micros) => {
    expect(instantMicrosParam('from', value)).toBe(micros);
  });

  it('refuses what is not an accepted instant, naming the field', () => {
    expect(() => instantMicrosParam('to', '2026-11-23')).toThrow(ValidationFailedError);
    try {
      instantMicrosParam('to', '2026-11-23T25:00Z');
    } catch (err) {
      expect((err as ValidationFailedError).details.map((d) => d.field)).toEqual(['to']);
    }
    expect.assertions(2);
  });
});
