// HOCR codes for modern slavery: the six N200 reported-incident codes and the crime class 106.
// SPEC §1 (code table), §7 (return metadata).

export const N200_CODES = ['N200/01', 'N200/02', 'N200/03', 'N200/04', 'N200/05', 'N200/06'] as const;
export type N200Code = (typeof N200_CODES)[number];

export const CRIME_CODE = '106' as const;

// Order matters: returns list every code, in this order, with zero where none (SPEC §7).
export const HOCR_CODES = [...N200_CODES, CRIME_CODE] as const;
export type HocrCode = (typeof HOCR_CODES)[number];

export const CODE_TITLES: Readonly<Record<HocrCode, string>> = {
  'N200/01': 'NRM referral pending reasonable grounds decision',
  'N200/02': 'NRM referral negative reasonable grounds decision',
  'N200/03': 'NRM referral — Duty to notify only',
  'N200/04': 'NRM referral — Positive reasonable grounds/police referral — Outside England and Wales',
  'N200/05': 'NRM referral — Negative reasonable grounds — Outside England and Wales',
  'N200/06': 'NRM referral — Transferred to another force in England and Wales',
  '106': 'Modern slavery',
};

/** The columns a code contributes to a Home Office open-data style return row (SPEC §7). */
export interface ReturnMetadata {
  readonly offenceCode: HocrCode;
  readonly offenceDescription: string;
  readonly offenceGroup: string;
  readonly offenceSubgroup: string;
}

const N200_GROUP = 'Reported incidents';
const N200_SUBGROUP = 'Modern slavery reported incidents';

function n200Metadata(code: N200Code): ReturnMetadata {
  return {
    offenceCode: code,
    offenceDescription: CODE_TITLES[code],
    offenceGroup: N200_GROUP,
    offenceSubgroup: N200_SUBGROUP,
  };
}

export const RETURN_METADATA: Readonly<Record<HocrCode, ReturnMetadata>> = {
  'N200/01': n200Metadata('N200/01'),
  'N200/02': n200Metadata('N200/02'),
  'N200/03': n200Metadata('N200/03'),
  'N200/04': n200Metadata('N200/04'),
  'N200/05': n200Metadata('N200/05'),
  'N200/06': n200Metadata('N200/06'),
  // SPEC §7: class 106 sits in Violence against the person / Violence without injury.
  '106': {
    offenceCode: '106',
    offenceDescription: 'Modern slavery',
    offenceGroup: 'Violence against the person',
    offenceSubgroup: 'Violence without injury',
  },
};

export function returnMetadata(code: HocrCode): ReturnMetadata {
  return RETURN_METADATA[code];
}

const HOCR_CODE_SET: ReadonlySet<string> = new Set(HOCR_CODES);

export function isHocrCode(value: unknown): value is HocrCode {
  return typeof value === 'string' && HOCR_CODE_SET.has(value);
}

/** N200 codes are reported incidents, never notifiable crimes (SPEC §2 [decision]). */
export function isReportedIncidentCode(code: HocrCode): code is N200Code {
  return code !== CRIME_CODE;
}

/**
 * Canonical spelling, always two digits (SPEC §1: "always emit N200/01").
 * Accepts a code or the N200 sub-number 1–6.
 */
export function formatCode(code: HocrCode | number): HocrCode {
  if (typeof code === 'number') {
    if (!Number.isInteger(code) || code < 1 || code > 6) {
      throw new RangeError(`N200 sub-code must be an integer 1–6, got ${code}`);
    }
    return `N200/0${code}` as N200Code;
  }
  if (!HOCR_CODE_SET.has(code)) throw new RangeError(`unknown HOCR code: ${String(code)}`);
  return code;
}

// Some force systems write "Report of Modern Slavery: N200/1" (SPEC §1). Case and spacing vary, and
// a separator other than ":" is tolerated; digits may be zero-padded ("N200/001").
const PREFIX = /^report\s+of\s+modern\s+slavery\s*[:\-–—]?\s*/i;
const N200_PATTERN = /^n\s*200\s*\/\s*0*([1-6])$/i;
const CRIME_PATTERN = /^106$/;

/** Parses any accepted spelling into the canonical code; null when it is not one of ours. */
export function parseCode(input: string): HocrCode | null {
  if (typeof input !== 'string') return null;
  const body = input.trim().replace(PREFIX, '').trim();
  const n200 = N200_PATTERN.exec(body);
  if (n200) return formatCode(Number(n200[1]));
  if (CRIME_PATTERN.test(body)) return CRIME_CODE;
  return null;
}
