import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference data: the 43 territorial forces of England and Wales and British Transport Police (SPEC §8). */
export class Forces1763840000000 implements MigrationInterface {
  name = 'Forces1763840000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE forces (
        code text PRIMARY KEY,
        name text NOT NULL UNIQUE,
        country text NOT NULL,
        police_uk_id text NOT NULL UNIQUE,
        police_nrm_referrals_2023 integer NOT NULL CHECK (police_nrm_referrals_2023 >= 0)
      )`);
    const forces: Array<[string, string, string, string, number]> = [
      ['E23000036', 'Avon and Somerset Constabulary', 'England', 'avon-and-somerset', 87],
      ['E23000026', 'Bedfordshire Police', 'England', 'bedfordshire', 38],
      ['E23000023', 'Cambridgeshire Constabulary', 'England', 'cambridgeshire', 79],
      ['E23000006', 'Cheshire Constabulary', 'England', 'cheshire', 56],
      ['E23000034', 'City of London Police', 'England', 'city-of-london', 10],
      ['E23000013', 'Cleveland Police', 'England', 'cleveland', 49],
      ['E23000002', 'Cumbria Constabulary', 'England', 'cumbria', 14],
      ['E23000018', 'Derbyshire Constabulary', 'England', 'derbyshire', 53],
      ['E23000035', 'Devon and Cornwall Police', 'England', 'devon-and-cornwall', 44],
      ['E23000039', 'Dorset Police', 'England', 'dorset', 30],
      ['E23000008', 'Durham Constabulary', 'England', 'durham', 20],
      ['W15000004', 'Dyfed-Powys Police', 'Wales', 'dyfed-powys', 22],
      ['E23000028', 'Essex Police', 'England', 'essex', 171],
      ['E23000037', 'Gloucestershire Constabulary', 'England', 'gloucestershire', 32],
      ['E23000005', 'Greater Manchester Police', 'England', 'greater-manchester', 185],
      ['W15000002', 'Gwent Police', 'Wales', 'gwent', 48],
      ['E23000030', 'Hampshire Constabulary', 'England', 'hampshire', 60],
      ['E23000027', 'Hertfordshire Constabulary', 'England', 'hertfordshire', 42],
      ['E23000012', 'Humberside Police', 'England', 'humberside', 51],
      ['E23000032', 'Kent Police', 'England', 'kent', 74],
      ['E23000003', 'Lancashire Constabulary', 'England', 'lancashire', 53],
      ['E23000021', 'Leicestershire Police', 'England', 'leicestershire', 85],
      ['E23000020', 'Lincolnshire Police', 'England', 'lincolnshire', 50],
      ['E23000004', 'Merseyside Police', 'England', 'merseyside', 117],
      ['E23000001', 'Metropolitan Police Service', 'England', 'metropolitan', 670],
      ['E23000024', 'Norfolk Constabulary', 'England', 'norfolk', 50],
      ['W15000001', 'North Wales Police', 'Wales', 'north-wales', 39],
      ['E23000009', 'North Yorkshire Police', 'England', 'north-yorkshire', 54],
      ['E23000022', 'Northamptonshire Police', 'England', 'northamptonshire', 65],
      ['E23000007', 'Northumbria Police', 'England', 'northumbria', 41],
      ['E23000019', 'Nottinghamshire Police', 'England', 'nottinghamshire', 59],
      ['W15000003', 'South Wales Police', 'Wales', 'south-wales', 90],
      ['E23000011', 'South Yorkshire Police', 'England', 'south-yorkshire', 91],
      ['E23000015', 'Staffordshire Police', 'England', 'staffordshire', 49],
      ['E23000025', 'Suffolk Constabulary', 'England', 'suffolk', 46],
      ['E23000031', 'Surrey Police', 'England', 'surrey', 75],
      ['E23000033', 'Sussex Police', 'England', 'sussex', 98],
      ['E23000029', 'Thames Valley Police', 'England', 'thames-valley', 152],
      ['E23000017', 'Warwickshire Police', 'England', 'warwickshire', 48],
      ['E23000016', 'West Mercia Police', 'England', 'west-mercia', 62],
      ['E23000014', 'West Midlands Police', 'England', 'west-midlands', 182],
      ['E23000010', 'West Yorkshire Police', 'England', 'west-yorkshire', 236],
      ['E23000038', 'Wiltshire Police', 'England', 'wiltshire', 35],
      ['BTP', 'British Transport Police', 'England and Wales', 'btp', 64],
    ];
    const values = forces.map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`);
    await q.query(
      `INSERT INTO forces (code, name, country, police_uk_id, police_nrm_referrals_2023) VALUES ${values.join(', ')}`,
      forces.flat(),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE forces');
  }
}
