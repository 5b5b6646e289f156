// MS-13: is the referring organisation a designated first responder (SPEC §1, §6)? One data table,
// DESIGNATED_FIRST_RESPONDERS, that a Force Crime Registrar can extend; matching rules in
// docs/decisions.md (HOCR domain) 41.
import type { FirstResponder, FirstResponderType } from '../event-types';
import { FORCE_SHORT_NAMES, FORCES } from '../forces';
import { defineCheck, raw } from './define';
import type { ReferralFacts } from '../facts';

export interface FirstResponderEntry {
  /** The designated organisation, for messages. */
  readonly name: string;
  /** Names and abbreviations, matched as whole words of the normalised organisation. */
  readonly aliases: readonly string[];
}

export interface FirstResponderPattern {
  readonly name: string;
  /** The organisation must be declared as this type for the pattern to count. */
  readonly type: FirstResponderType;
  /** Words or phrases, any of which marks the kind of body (matched as whole words). */
  readonly words: readonly string[];
}

/**
 * Normalised organisation name: lower case, "&" → "and", apostrophes dropped (Barnardo's =
 * Barnardos), other punctuation as spaces, spacing collapsed, a leading "the" dropped.
 */
export function normaliseOrganisation(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

const containsWords = (haystack: string, needle: string): boolean => ` ${haystack} `.includes(` ${normaliseOrganisation(needle)} `);

/** Named designated first responders (SPEC §1, issue 5): match whatever `firstResponder.type` says. */
export const DESIGNATED_FIRST_RESPONDERS: readonly FirstResponderEntry[] = [
  ...FORCES.map((f) => ({ name: f.name, aliases: [f.name] })),
  { name: 'British Transport Police', aliases: ['British Transport Police', 'BTP'] },
  { name: 'Police Service of Northern Ireland', aliases: ['Police Service of Northern Ireland', 'PSNI'] },
  { name: 'Metropolitan Police Service', aliases: ['Metropolitan Police', 'Met Police'] },
  { name: 'UK Visas and Immigration', aliases: ['UKVI', 'UK Visas and Immigration', 'United Kingdom Visas and Immigration'] },
  { name: 'Border Force', aliases: ['Border Force', 'UKBF'] },
  { name: 'Immigration Enforcement', aliases: ['Immigration Enforcement', 'HOIE'] },
  { name: 'National Crime Agency', aliases: ['NCA', 'National Crime Agency', 'UKHTC', 'UK Human Trafficking Centre'] },
  {
    name: 'Gangmasters and Labour Abuse Authority',
    aliases: [
      'GLAA',
      'Gangmasters and Labour Abuse Authority',
      'Gangmasters Labour and Abuse Authority',
      'Gangmasters Licensing Authority',
    ],
  },
  { name: 'The Salvation Army', aliases: ['Salvation Army'] },
  { name: 'Migrant Help', aliases: ['Migrant Help'] },
  { name: 'Medaille Trust', aliases: ['Medaille Trust', 'Médaille Trust'] },
  { name: 'Kalayaan', aliases: ['Kalayaan'] },
  { name: "Barnardo's", aliases: ["Barnardo's", 'Barnardos'] },
  { name: 'Unseen', aliases: ['Unseen', 'Unseen UK'] },
  { name: 'Trafficking Awareness Raising Alliance (TARA)', aliases: ['TARA', 'Trafficking Awareness Raising Alliance'] },
  {
    name: 'NSPCC Child Trafficking Advice Centre (CTAC)',
    aliases: ['NSPCC CTAC', 'CTAC', 'Child Trafficking Advice Centre', 'Child Trafficking Advice and Consultation Service'],
  },
  { name: 'BAWSO', aliases: ['BAWSO'] },
  { name: 'New Pathways', aliases: ['New Pathways'] },
  { name: 'Refugee Council', aliases: ['Refugee Council'] },
];

/** Kinds of designated body recognised by a word in the name, only with the matching declared type. */
export const DESIGNATED_FIRST_RESPONDER_PATTERNS: readonly FirstResponderPattern[] = [
  {
    name: 'a police force',
    type: 'POLICE',
    // with the forces' short names (MPS, GMP, WYP, ...), which mean a police force only when declared as one
    words: ['police', 'constabulary', ...Object.values(FORCE_SHORT_NAMES).flat()],
  },
  {
    name: 'a local authority',
    type: 'LOCAL_AUTHORITY',
    words: [
      'council',
      'borough',
      'local authority',
      'county',
      'city of',
      'unitary authority',
      'combined authority',
      'social services',
      'childrens services',
      'social care',
      'corporation of london',
    ],
  },
];

/** Never designated, whatever the name also contains (SPEC §1: the CPS is not a first responder). */
export const NOT_FIRST_RESPONDERS: readonly FirstResponderEntry[] = [
  { name: 'the Crown Prosecution Service', aliases: ['Crown Prosecution Service', 'CPS'] },
];

/** Whether an organisation's name has a word of the designated kind of body `type` (a council: "Leeds City Council"). */
export function namesKindOf(organisation: string, type: FirstResponderType): boolean {
  const org = normaliseOrganisation(organisation);
  return DESIGNATED_FIRST_RESPONDER_PATTERNS.some((p) => p.type === type && p.words.some((w) => containsWords(org, w)));
}

export interface FirstResponderVerdict {
  readonly designated: boolean;
  readonly reason: string;
}

// Organisation names repeat across thousands of referrals and the matching is regex-heavy: memoise the
// verdict per (type, organisation), bounded so a stream of distinct names cannot grow it without limit.
const VERDICTS = new Map<string, FirstResponderVerdict>();
const VERDICT_CACHE_SIZE = 5000;

export function designatedFirstResponder(fr: FirstResponder): FirstResponderVerdict {
  const key = `${fr.type}|${fr.organisation}`;
  let verdict = VERDICTS.get(key);
  if (verdict === undefined) {
    if (VERDICTS.size >= VERDICT_CACHE_SIZE) VERDICTS.clear();
    verdict = matchFirstResponder(fr);
    VERDICTS.set(key, verdict);
  }
  return verdict;
}

function matchFirstResponder(fr: FirstResponder): FirstResponderVerdict {
  const org = normaliseOrganisation(fr.organisation);
  for (const e of NOT_FIRST_RESPONDERS) {
    if (e.aliases.some((a) => containsWords(org, a))) {
      return { designated: false, reason: `${fr.organisation}: ${e.name} is not a designated first responder` };
    }
  }
  for (const e of DESIGNATED_FIRST_RESPONDERS) {
    if (e.aliases.some((a) => containsWords(org, a))) return { designated: true, reason: `${fr.organisation}: ${e.name}` };
  }
  for (const p of DESIGNATED_FIRST_RESPONDER_PATTERNS) {
    if (fr.type === p.type && p.words.some((w) => containsWords(org, w)))
      return { designated: true, reason: `${fr.organisation}: ${p.name}` };
  }
  return { designated: false, reason: `${fr.organisation} (${fr.type}) is not a designated first responder` };
}

export const MS13 = defineCheck({
  id: 'MS-13',
  severity: 'warning',
  title: 'First responder organisation not a designated first responder (e.g. the CPS)',
  endsOnTransfer: false,
  find: (f) => {
    const offending: { r: ReferralFacts; reason: string }[] = [];
    for (const r of f.referrals) {
      const v = designatedFirstResponder(r.firstResponder);
      if (!v.designated) offending.push({ r, reason: v.reason });
    }
    if (offending.length === 0) return [];
    const first = offending.reduce((a, b) => (b.r.receivedAt < a.r.receivedAt ? b : a));
    return [
      raw(
        first.r.receivedAt,
        offending.map((o) => o.r.eventId),
        first.reason,
      ),
    ];
  },
});
