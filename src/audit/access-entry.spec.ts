import { accessEntry } from './access-entry';

const by = { actor: 'bureau', channel: 'HTTP' as const, correlationId: 'req-1' };

describe('accessEntry', () => {
  it('names each record once, in the order answered, and the forces sorted once each', () => {
    const e = accessEntry(
      by,
      'FINDINGS_LISTED',
      [
        { force: 'E23000012', referralRef: 'B' },
        { force: 'E23000010', referralRef: 'A' },
        { force: 'E23000012', referralRef: 'B' },
        { force: 'E23000010', referralRef: 'B' },
      ],
      {},
    );
    expect(e.records).toEqual([
      ['E23000012', 'B'],
      ['E23000010', 'A'],
      ['E23000010', 'B'],
    ]);
    expect(e.forces).toEqual(['E23000010', 'E23000012']);
  });

  it('keeps the parameters given, instants as ISO, and leaves out the absent ones', () => {
    const e = accessEntry(by, 'RECORDS_LISTED', [], {
      force: 'E23000010',
      code: undefined,
      limit: 50,
      asAt: new Date('2026-11-23T10:00:00.123Z'),
      cursor: null,
    });
    expect(e.query).toEqual({ force: 'E23000010', limit: 50, asAt: '2026-11-23T10:00:00.123Z', cursor: null });
    expect(e.records).toEqual([]);
    expect(e.forces).toEqual([]);
  });

  it('carries who asked', () => {
    expect(accessEntry(by, 'RECORD_READ', [{ force: 'BTP', referralRef: 'X' }], {})).toMatchObject({
      actor: 'bureau',
      channel: 'HTTP',
      correlationId: 'req-1',
      action: 'RECORD_READ',
    });
  });

  it('does not mistake two keys that join to the same text for one', () => {
    const e = accessEntry(
      by,
      'RECORDS_LISTED',
      [
        { force: 'E23000010', referralRef: 'A B' },
        { force: 'E23000010 A', referralRef: 'B' },
      ],
      {},
    );
    expect(e.records).toHaveLength(2);
  });
});
