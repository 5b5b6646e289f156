import { FORCES } from '../forces';
import { cancel, FIXTURE_FORCE, referral, stored } from '../fixtures';
import { fold } from '../fold';
import { designatedFirstResponder, normaliseOrganisation } from './first-responders';
import { checkById } from './registry';

type T = 'POLICE' | 'LOCAL_AUTHORITY' | 'GOVERNMENT_AGENCY' | 'NGO';

describe('MS-13 designated first responders', () => {
  it.each<[T, string]>([
    ['POLICE', 'West Yorkshire Police'],
    ['POLICE', 'the metropolitan police service'],
    ['POLICE', 'Police Scotland'],
    ['POLICE', 'Avon & Somerset Constabulary'],
    ['GOVERNMENT_AGENCY', 'British Transport Police'],
    ['POLICE', 'BTP'],
    ['POLICE', 'PSNI'],
    ['NGO', 'PSNI'],
    ['POLICE', 'MPS'],
    ['POLICE', 'GMP'],
    ['POLICE', 'TVP Modern Slavery Unit'],
    ['NGO', 'Dyfed-Powys Police'],
    ['LOCAL_AUTHORITY', 'Leeds City Council'],
    ['LOCAL_AUTHORITY', 'London Borough of Hackney'],
    ['LOCAL_AUTHORITY', 'Royal Borough of Kensington and Chelsea'],
    ['LOCAL_AUTHORITY', 'City of Bradford Metropolitan District Council'],
    ['LOCAL_AUTHORITY', 'Kent County Council'],
    ['LOCAL_AUTHORITY', 'Local Authority'],
    ['LOCAL_AUTHORITY', "Birmingham Children's Services"],
    ['GOVERNMENT_AGENCY', 'UKVI'],
    ['GOVERNMENT_AGENCY', 'UK Visas & Immigration'],
    ['GOVERNMENT_AGENCY', 'Border Force'],
    ['GOVERNMENT_AGENCY', 'Home Office Immigration Enforcement'],
    ['GOVERNMENT_AGENCY', 'NCA'],
    ['GOVERNMENT_AGENCY', 'National Crime Agency'],
    ['GOVERNMENT_AGENCY', 'GLAA'],
    ['GOVERNMENT_AGENCY', 'Gangmasters & Labour Abuse Authority'],
    ['NGO', 'The Salvation Army'],
    ['NGO', 'Migrant Help'],
    ['NGO', 'Medaille Trust'],
    ['NGO', 'Kalayaan'],
    ['NGO', "Barnardo's"],
    ['NGO', 'Barnardos'],
    ['NGO', 'Barnardo’s'],
    ['NGO', 'Unseen'],
    ['NGO', 'Unseen UK'],
    ['NGO', 'TARA'],
    ['NGO', 'Trafficking Awareness Raising Alliance'],
    ['NGO', 'NSPCC CTAC'],
    ['NGO', 'NSPCC Child Trafficking Advice Centre'],
    ['NGO', 'BAWSO'],
    ['NGO', 'New Pathways'],
    ['NGO', 'The Refugee Council'],
  ])('%s "%s" is designated', (type, organisation) => {
    expect(designatedFirstResponder({ type, organisation })).toMatchObject({ designated: true });
  });

  it.each<[T, string]>([
    ['GOVERNMENT_AGENCY', 'Crown Prosecution Service'],
    ['GOVERNMENT_AGENCY', 'CPS'],
    ['POLICE', 'CPS Police Liaison'],
    ['GOVERNMENT_AGENCY', 'HM Prison Service'],
    ['NGO', 'Citizens Advice'],
    ['NGO', 'Leeds City Council'],
    ['NGO', 'Neighbourhood Watch Police Support'],
    ['GOVERNMENT_AGENCY', 'NHS England'],
    ['NGO', 'Tarantula Ltd'],
    ['NGO', 'GMP'],
    ['GOVERNMENT_AGENCY', 'MPS'],
  ])('%s "%s" is not designated', (type, organisation) => {
    expect(designatedFirstResponder({ type, organisation })).toMatchObject({ designated: false });
  });

  it('recognises every force name in FORCES whatever the declared type', () => {
    for (const f of FORCES) expect(designatedFirstResponder({ type: 'NGO', organisation: f.name }).designated).toBe(true);
  });

  it.each([
    ["The Barnardo's  ", 'barnardos'],
    ['Avon & Somerset', 'avon and somerset'],
    ['Dyfed-Powys Police', 'dyfed powys police'],
  ])('normalises "%s" to "%s"', (input, out) => {
    expect(normaliseOrganisation(input)).toBe(out);
  });

  const run = (...events: Parameters<typeof stored>) => checkById('MS-13').run(fold(stored(...events)), { force: FIXTURE_FORCE });

  it('raises a finding due at the referral receipt for the CPS, naming it', () => {
    const [f] = run(
      referral({
        eventId: 'r',
        receivedAt: '2024-06-03T10:00:00Z',
        firstResponder: { type: 'GOVERNMENT_AGENCY', organisation: 'Crown Prosecution Service' },
      }),
    );
    expect(f).toMatchObject({ check: 'MS-13', severity: 'warning', dueAt: '2024-06-03T10:00:00.000Z', resolvedAt: null, evidence: ['r'] });
    expect(f.message).toContain('Crown Prosecution Service');
  });

  it('raises nothing for a designated first responder', () => {
    expect(run(referral())).toEqual([]);
  });

  it('is resolved when the record is cancelled', () => {
    const found = run(
      referral({ receivedAt: '2024-06-03T10:00:00Z', firstResponder: { type: 'GOVERNMENT_AGENCY', organisation: 'CPS' } }),
      cancel({ occurredAt: '2024-06-20', receivedAt: '2024-06-20T10:00:00Z' }),
    );
    expect(found).toEqual([expect.objectContaining({ dueAt: '2024-06-03T10:00:00.000Z', resolvedAt: '2024-06-20T10:00:00.000Z' })]);
  });
});
