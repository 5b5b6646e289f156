// The 43 territorial forces of England and Wales and British Transport Police (SPEC §8), copied
// exactly from shared/forces.csv. This module is the single source: the migration seeds the forces
// table from it and the event validator checks `force`/`toForce` against it.

export type ForceCountry = 'England' | 'Wales' | 'England and Wales';

export interface Force {
  /** ONS police force area code (E23…/W15…), or `BTP`. */
  readonly code: string;
  readonly name: string;
  readonly country: ForceCountry;
  /** The force's id in the data.police.uk API. */
  readonly policeUkId: string;
  /** Police NRM referrals in 2023 [HO-STATS]: a weight for synthetic data. */
  readonly policeNrmReferrals2023: number;
}

export const FORCES = [
  {
    code: 'E23000036',
    name: 'Avon and Somerset Constabulary',
    country: 'England',
    policeUkId: 'avon-and-somerset',
    policeNrmReferrals2023: 87,
  },
  { code: 'E23000026', name: 'Bedfordshire Police', country: 'England', policeUkId: 'bedfordshire', policeNrmReferrals2023: 38 },
  { code: 'E23000023', name: 'Cambridgeshire Constabulary', country: 'England', policeUkId: 'cambridgeshire', policeNrmReferrals2023: 79 },
  { code: 'E23000006', name: 'Cheshire Constabulary', country: 'England', policeUkId: 'cheshire', policeNrmReferrals2023: 56 },
  { code: 'E23000034', name: 'City of London Police', country: 'England', policeUkId: 'city-of-london', policeNrmReferrals2023: 10 },
  { code: 'E23000013', name: 'Cleveland Police', country: 'England', policeUkId: 'cleveland', policeNrmReferrals2023: 49 },
  { code: 'E23000002', name: 'Cumbria Constabulary', country: 'England', policeUkId: 'cumbria', policeNrmReferrals2023: 14 },
  { code: 'E23000018', name: 'Derbyshire Constabulary', country: 'England', policeUkId: 'derbyshire', policeNrmReferrals2023: 53 },
  {
    code: 'E23000035',
    name: 'Devon and Cornwall Police',
    country: 'England',
    policeUkId: 'devon-and-cornwall',
    policeNrmReferrals2023: 44,
  },
  { code: 'E23000039', name: 'Dorset Police', country: 'England', policeUkId: 'dorset', policeNrmReferrals2023: 30 },
  { code: 'E23000008', name: 'Durham Constabulary', country: 'England', policeUkId: 'durham', policeNrmReferrals2023: 20 },
  { code: 'W15000004', name: 'Dyfed-Powys Police', country: 'Wales', policeUkId: 'dyfed-powys', policeNrmReferrals2023: 22 },
  { code: 'E23000028', name: 'Essex Police', country: 'England', policeUkId: 'essex', policeNrmReferrals2023: 171 },
  {
    code: 'E23000037',
    name: 'Gloucestershire Constabulary',
    country: 'England',
    policeUkId: 'gloucestershire',
    policeNrmReferrals2023: 32,
  },
  {
    code: 'E23000005',
    name: 'Greater Manchester Police',
    country: 'England',
    policeUkId: 'greater-manchester',
    policeNrmReferrals2023: 185,
  },
  { code: 'W15000002', name: 'Gwent Police', country: 'Wales', policeUkId: 'gwent', policeNrmReferrals2023: 48 },
  { code: 'E23000030', name: 'Hampshire Constabulary', country: 'England', policeUkId: 'hampshire', policeNrmReferrals2023: 60 },
  { code: 'E23000027', name: 'Hertfordshire Constabulary', country: 'England', policeUkId: 'hertfordshire', policeNrmReferrals2023: 42 },
  { code: 'E23000012', name: 'Humberside Police', country: 'England', policeUkId: 'humberside', policeNrmReferrals2023: 51 },
  { code: 'E23000032', name: 'Kent Police', country: 'England', policeUkId: 'kent', policeNrmReferrals2023: 74 },
  { code: 'E23000003', name: 'Lancashire Constabulary', country: 'England', policeUkId: 'lancashire', policeNrmReferrals2023: 53 },
  { code: 'E23000021', name: 'Leicestershire Police', country: 'England', policeUkId: 'leicestershire', policeNrmReferrals2023: 85 },
  { code: 'E23000020', name: 'Lincolnshire Police', country: 'England', policeUkId: 'lincolnshire', policeNrmReferrals2023: 50 },
  { code: 'E23000004', name: 'Merseyside Police', country: 'England', policeUkId: 'merseyside', policeNrmReferrals2023: 117 },
  { code: 'E23000001', name: 'Metropolitan Police Service', country: 'England', policeUkId: 'metropolitan', policeNrmReferrals2023: 670 },
  { code: 'E23000024', name: 'Norfolk Constabulary', country: 'England', policeUkId: 'norfolk', policeNrmReferrals2023: 50 },
  { code: 'W15000001', name: 'North Wales Police', country: 'Wales', policeUkId: 'north-wales', policeNrmReferrals2023: 39 },
  { code: 'E23000009', name: 'North Yorkshire Police', country: 'England', policeUkId: 'north-yorkshire', policeNrmReferrals2023: 54 },
  { code: 'E23000022', name: 'Northamptonshire Police', country: 'England', policeUkId: 'northamptonshire', policeNrmReferrals2023: 65 },
  { code: 'E23000007', name: 'Northumbria Police', country: 'England', policeUkId: 'northumbria', policeNrmReferrals2023: 41 },
  { code: 'E23000019', name: 'Nottinghamshire Police', country: 'England', policeUkId: 'nottinghamshire', policeNrmReferrals2023: 59 },
  { code: 'W15000003', name: 'South Wales Police', country: 'Wales', policeUkId: 'south-wales', policeNrmReferrals2023: 90 },
  { code: 'E23000011', name: 'South Yorkshire Police', country: 'England', policeUkId: 'south-yorkshire', policeNrmReferrals2023: 91 },
  { code: 'E23000015', name: 'Staffordshire Police', country: 'England', policeUkId: 'staffordshire', policeNrmReferrals2023: 49 },
  { code: 'E23000025', name: 'Suffolk Constabulary', country: 'England', policeUkId: 'suffolk', policeNrmReferrals2023: 46 },
  { code: 'E23000031', name: 'Surrey Police', country: 'England', policeUkId: 'surrey', policeNrmReferrals2023: 75 },
  { code: 'E23000033', name: 'Sussex Police', country: 'England', policeUkId: 'sussex', policeNrmReferrals2023: 98 },
  { code: 'E23000029', name: 'Thames Valley Police', country: 'England', policeUkId: 'thames-valley', policeNrmReferrals2023: 152 },
  { code: 'E23000017', name: 'Warwickshire Police', country: 'England', policeUkId: 'warwickshire', policeNrmReferrals2023: 48 },
  { code: 'E23000016', name: 'West Mercia Police', country: 'England', policeUkId: 'west-mercia', policeNrmReferrals2023: 62 },
  { code: 'E23000014', name: 'West Midlands Police', country: 'England', policeUkId: 'west-midlands', policeNrmReferrals2023: 182 },
  { code: 'E23000010', name: 'West Yorkshire Police', country: 'England', policeUkId: 'west-yorkshire', policeNrmReferrals2023: 236 },
  { code: 'E23000038', name: 'Wiltshire Police', country: 'England', policeUkId: 'wiltshire', policeNrmReferrals2023: 35 },
  { code: 'BTP', name: 'British Transport Police', country: 'England and Wales', policeUkId: 'btp', policeNrmReferrals2023: 64 },
] as const satisfies readonly Force[];

export type ForceCode = (typeof FORCES)[number]['code'];

const BY_CODE: ReadonlyMap<string, Force> = new Map(FORCES.map((f) => [f.code, f]));

/**
 * Short names a force's own staff write for it (an NRM form's `Agent.Organisation`, a first responder's
 * organisation), as normalised words: lower case, letters and digits. Read by the NRM form adapter (a force
 * naming itself) and MS-13 (a police force when declared as one); decisions.md, NRM form adapter entry 7.
 */
export const FORCE_SHORT_NAMES: Readonly<Partial<Record<ForceCode, readonly string[]>>> = {
  E23000001: ['mps', 'met', 'met police'],
  E23000005: ['gmp'],
  E23000014: ['wmp'],
  E23000010: ['wyp'],
  E23000011: ['syp'],
  E23000009: ['nyp'],
  E23000029: ['tvp'],
  E23000034: ['colp'],
  BTP: ['btp'],
};

export function isForceCode(value: unknown): value is ForceCode {
  return typeof value === 'string' && BY_CODE.has(value);
}

export function forceByCode(code: string): Force | undefined {
  return BY_CODE.get(code);
}

// SPEC §1: the 2015–2019 pilot areas where SSLs made RG and MDPs made CG decisions.
export const PILOT_FORCE_CODES = [
  'E23000010', // West Yorkshire Police
  'E23000036', // Avon and Somerset Constabulary
  'E23000035', // Devon and Cornwall Police
  'E23000039', // Dorset Police
  'E23000038', // Wiltshire Police
  'E23000037', // Gloucestershire Constabulary
] as const satisfies readonly ForceCode[];

const PILOT_SET: ReadonlySet<string> = new Set(PILOT_FORCE_CODES);

export function isPilotForce(code: string): boolean {
  return PILOT_SET.has(code);
}
