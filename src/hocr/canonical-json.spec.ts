import fc from 'fast-check';
import { canonicalJson, sameEventContent } from './canonical-json';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ z: { y: [3, { d: 1, c: 2 }], x: null } }, '{"z":{"x":null,"y":[3,{"c":2,"d":1}]}}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [[undefined, 1], '[null,1]'],
    ['é"\n', '"é\\"\\n"'],
    [{ when: new Date(Date.UTC(2024, 0, 1)) }, '{"when":"2024-01-01T00:00:00.000Z"}'],
    [true, 'true'],
  ])('serialises %j as %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('refuses a value with no JSON form', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ n: BigInt(1) })).toThrow(TypeError);
  });

  it('does not depend on key order and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('sameEventContent', () => {
  const e = {
    eventId: 'x',
    type: 'RG_DECISION',
    occurredAt: '2024-06-07T09:00:00Z',
    receivedAt: '2024-06-07T12:00:00Z',
    outcome: 'POSITIVE',
  };
  it.each([
    ['milliseconds written out', { receivedAt: '2024-06-07T12:00:00.000Z' }],
    ['another offset, the same instant', { occurredAt: '2024-06-07T10:00:00+01:00' }],
    ['nanoseconds within the same millisecond', { receivedAt: '2024-06-07T12:00:00.000400Z' }],
    ['keys in another order', { outcome: 'POSITIVE', eventId: 'x' }],
  ])('is the same content with %s', (_n, over) => {
    expect(sameEventContent(e, { ...e, ...over })).toBe(true);
  });
  it.each([
    ['another instant', { receivedAt: '2024-06-07T12:00:00.001Z' }],
    ['a date alone for a date-time', { occurredAt: '2024-06-07' }],
    ['another outcome', { outcome: 'NEGATIVE' }],
    ['a field added', { reconsideration: true }],
  ])('is different content with %s', (_n, over) => {
    expect(sameEventContent(e, { ...e, ...over })).toBe(false);
  });

  it('reads instants only in the envelope clocks, not in other text', () => {
    expect(sameEventContent({ ...e, authorisedBy: '2024-06-07T12:00:00Z' }, { ...e, authorisedBy: '2024-06-07T12:00:00.000Z' })).toBe(
      false,
    );
  });
});
