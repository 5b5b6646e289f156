import { FORCES, PILOT_FORCE_CODES, forceByCode, isForceCode, isPilotForce } from './forces';

describe('forces (SPEC §8)', () => {
  it('holds the 43 territorial forces of England and Wales and BTP', () => {
    expect(FORCES).toHaveLength(44);
    expect(FORCES.filter((f) => f.country === 'Wales')).toHaveLength(4);
    expect(FORCES.filter((f) => f.country === 'England')).toHaveLength(39);
    expect(new Set(FORCES.map((f) => f.code)).size).toBe(44);
    expect(new Set(FORCES.map((f) => f.policeUkId)).size).toBe(44);
  });

  it('sums the 2023 police NRM referrals from forces.csv', () => {
    expect(FORCES.reduce((n, f) => n + f.policeNrmReferrals2023, 0)).toBe(3676);
  });

  it.each([
    ['E23000001', 'Metropolitan Police Service', 'England', 'metropolitan', 670],
    ['W15000003', 'South Wales Police', 'Wales', 'south-wales', 90],
    ['BTP', 'British Transport Police', 'England and Wales', 'btp', 64],
    ['E23000010', 'West Yorkshire Police', 'England', 'west-yorkshire', 236],
  ])('finds %s as %s', (code, name, country, policeUkId, referrals) => {
    expect(forceByCode(code)).toEqual({ code, name, country, policeUkId, policeNrmReferrals2023: referrals });
    expect(isForceCode(code)).toBe(true);
  });

  it.each(['E23000040', 'e23000001', 'btp', '', 'S32000001'])('does not know %j', (code) => {
    expect(isForceCode(code)).toBe(false);
    expect(forceByCode(code)).toBeUndefined();
  });

  it('rejects non-strings', () => {
    expect(isForceCode(23000001)).toBe(false);
    expect(isForceCode(undefined)).toBe(false);
  });

  it.each([
    ['E23000010', 'West Yorkshire Police'],
    ['E23000036', 'Avon and Somerset Constabulary'],
    ['E23000035', 'Devon and Cornwall Police'],
    ['E23000039', 'Dorset Police'],
    ['E23000038', 'Wiltshire Police'],
    ['E23000037', 'Gloucestershire Constabulary'],
  ])('has %s (%s) as an SSL/MDP pilot force', (code, name) => {
    expect(forceByCode(code)?.name).toBe(name);
    expect(isPilotForce(code)).toBe(true);
  });

  it('has exactly six pilot forces', () => {
    expect(PILOT_FORCE_CODES).toHaveLength(6);
    expect(FORCES.filter((f) => isPilotForce(f.code))).toHaveLength(6);
    expect(isPilotForce('E23000001')).toBe(false);
  });
});
