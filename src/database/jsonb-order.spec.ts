import { byJsonbKeyOrder, outOfJsonbOrder } from './jsonb-order';

describe('jsonb key order', () => {
  it('puts shorter keys first, then orders by their bytes', () => {
    expect(['referral_ref', 'code', 'cg', 'facts', 'force', 'rg', 'a_b', 'aBb', 'aab'].sort(byJsonbKeyOrder)).toEqual([
      'cg',
      'rg',
      'aBb',
      'a_b',
      'aab',
      'code',
      'facts',
      'force',
      'referral_ref',
    ]);
  });

  it('finds the first object out of order, depth first, and leaves skipped keys unread', () => {
    expect(outOfJsonbOrder({ cg: null, rg: 1, crime: [{ a: 1, bb: 2 }], force: 'x' })).toBeNull();
    expect(outOfJsonbOrder({ rg: 1, cg: null })).toBe('$: rg, cg');
    expect(outOfJsonbOrder([{ a: 1 }, { a: { force: 1, code: 2 } }])).toBe('$[1].a: force, code');
    expect(outOfJsonbOrder({ body: { type: 1, eventId: 2, force: 3 }, ord: 0 }, new Set(['body']))).toBe('$: body, ord');
    expect(outOfJsonbOrder({ ord: 0, body: { type: 1, eventId: 2, force: 3 } }, new Set(['body']))).toBeNull();
    expect(outOfJsonbOrder({ ord: 0, body: { type: 1, eventId: 2, force: 3 } })).toBe('$.body: type, eventId, force');
  });
});
