import { asAtOrNow, isWellFormedText, UUID_PATTERN } from './wire-values';
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
