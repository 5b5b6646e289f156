import { CODE_TITLES, HOCR_CODES, RETURN_METADATA, formatCode, isHocrCode, isReportedIncidentCode, parseCode } from './codes';

describe('HOCR codes (SPEC §1)', () => {
  it('lists the six N200 codes then class 106, in return order', () => {
    expect(HOCR_CODES).toEqual(['N200/01', 'N200/02', 'N200/03', 'N200/04', 'N200/05', 'N200/06', '106']);
  });

  it.each([
    ['N200/01', 'NRM referral pending reasonable grounds decision'],
    ['N200/03', 'NRM referral — Duty to notify only'],
    ['N200/06', 'NRM referral — Transferred to another force in England and Wales'],
    ['106', 'Modern slavery'],
  ] as const)('titles %s "%s"', (code, title) => {
    expect(CODE_TITLES[code]).toBe(title);
  });

  it.each([
    ['N200/1', 'N200/01'],
    ['N200/01', 'N200/01'],
    ['n200/6', 'N200/06'],
    ['N200 / 04', 'N200/04'],
    ['N200/005', 'N200/05'],
    ['Report of Modern Slavery: N200/1', 'N200/01'],
    ['report of modern slavery:N200/02', 'N200/02'],
    ['  REPORT OF MODERN SLAVERY :  n200/3 ', 'N200/03'],
    ['Report of Modern Slavery - N200/06', 'N200/06'],
    ['106', '106'],
  ])('parses %j as %s', (input, expected) => {
    expect(parseCode(input)).toBe(expected);
  });

  it.each(['N200/07', 'N200/0', 'N200', 'N201/01', '105', '', 'Report of Modern Slavery:', 'N200/1 extra', '1060'])(
    'returns null for unknown code %j',
    (input) => {
      expect(parseCode(input)).toBeNull();
    },
  );

  it('returns null for a non-string at runtime', () => {
    expect(parseCode(42 as unknown as string)).toBeNull();
  });

  it.each([
    [1, 'N200/01'],
    [6, 'N200/06'],
    ['N200/02', 'N200/02'],
    ['106', '106'],
  ] as const)('formats %j as %s', (input, expected) => {
    expect(formatCode(input)).toBe(expected);
  });

  it.each([0, 7, 1.5, Number.NaN])('refuses to format sub-code %j', (n) => {
    expect(() => formatCode(n)).toThrow(RangeError);
  });

  it('refuses to format an unknown string at runtime', () => {
    expect(() => formatCode('N200/1' as never)).toThrow(RangeError);
  });

  it('round-trips every code through formatCode and parseCode', () => {
    for (const code of HOCR_CODES) expect(parseCode(formatCode(code))).toBe(code);
  });

  it.each([
    ['N200/01', true],
    ['106', true],
    ['N200/1', false],
    [null, false],
  ])('isHocrCode(%j) is %s', (value, expected) => {
    expect(isHocrCode(value)).toBe(expected);
  });
});

describe('return metadata (SPEC §7)', () => {
  it.each(HOCR_CODES.filter((c) => c !== '106'))('puts %s in Reported incidents / Modern slavery reported incidents', (code) => {
    expect(RETURN_METADATA[code]).toEqual({
      offenceCode: code,
      offenceDescription: CODE_TITLES[code],
      offenceGroup: 'Reported incidents',
      offenceSubgroup: 'Modern slavery reported incidents',
    });
    expect(isReportedIncidentCode(code)).toBe(true);
  });

  it('puts 106 in Violence against the person / Violence without injury as "Modern slavery"', () => {
    expect(RETURN_METADATA['106']).toEqual({
      offenceCode: '106',
      offenceDescription: 'Modern slavery',
      offenceGroup: 'Violence against the person',
      offenceSubgroup: 'Violence without injury',
    });
    expect(isReportedIncidentCode('106')).toBe(false);
  });
});
