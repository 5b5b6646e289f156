import { CHECK_IDS } from '../hocr/checks/finding';
import { dashboardReference } from './dashboard-assets';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const View = require('../../public/dashboard/dashboard-view.js') as {
  tokenScope(token: string): { sub: string; roles: string[]; forces: string[]; national: boolean; expiresAt: string | null };
  forceChoices(scope: { national: boolean; forces: string[] }, forces: { code: string; name: string }[]): { code: string; label: string }[];
  financialYearOf(date: Date): string;
  londonTime(iso: string | null): string;
  percent(share: number | null): string;
  summaryView(
    summary: unknown,
    reference: unknown,
  ): {
    title: string;
    headline: [string, string][];
    checks: { check: string; severity: string; title: string; open: number; compliant: string; attention: boolean }[];
    codes: { code: string; title: string; records: number }[];
  };
  quartersOf(summary: { period: { label: string; from: string; to: string } }): string[];
  trendRows(summaries: unknown[], reference: unknown): Record<string, string | number | boolean>[];
  worklistRows(page: unknown): { due: string; state: string; action: string; referralRef: string; code: string; crimeReference: string }[];
  errorText(status: number, body: unknown): string;
  recordView(record: unknown): { title: string; now: [string, string][]; history: Record<string, string>[] };
};

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: object) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.c2ln`;

describe('the SPOC dashboard view (public/dashboard/dashboard-view.js)', () => {
  it('reads the scope of a token, and refuses what is not one', () => {
    expect(View.tokenScope(` ${jwt({ sub: 'spoc-wy', roles: ['spoc'], forces: ['E23000010'], exp: 1800000000 })} `)).toEqual({
      sub: 'spoc-wy',
      roles: ['spoc'],
      forces: ['E23000010'],
      national: false,
      expiresAt: '2027-01-15T08:00:00.000Z',
    });
    // non-ASCII claims decode as UTF-8
    expect(View.tokenScope(jwt({ sub: 'Zoë', roles: [], forces: ['*'] }))).toMatchObject({ sub: 'Zoë', national: true, expiresAt: null });
    expect(() => View.tokenScope('not-a-token')).toThrow(/not a bearer token \(a JWT has three parts/);
    expect(() => View.tokenScope('a.%%%.c')).toThrow(/its claims do not read as JSON/);
  });

  it("offers the token's forces by name, or every force for a national token, sorted by name", () => {
    const forces = [
      { code: 'E23000010', name: 'North Yorkshire' },
      { code: 'E23000001', name: 'Metropolitan Police' },
      { code: 'BTP', name: 'British Transport Police' },
    ];
    expect(View.forceChoices({ national: false, forces: ['E23000010', 'E23000099'] }, forces)).toEqual([
      { code: 'E23000099', label: 'E23000099' },
      { code: 'E23000010', label: 'North Yorkshire (E23000010)' },
    ]);
    expect(View.forceChoices({ national: true, forces: ['*'] }, forces).map((c) => c.code)).toEqual(['BTP', 'E23000001', 'E23000010']);
  });

  it('names the financial year of a moment in London time (April to March)', () => {
    expect(View.financialYearOf(new Date('2024-03-31T22:59:59Z'))).toBe('2023-24'); // 23:59 GMT on 31 March
    expect(View.financialYearOf(new Date('2024-03-31T23:30:00Z'))).toBe('2024-25'); // 00:30 BST on 1 April
    expect(View.financialYearOf(new Date('2099-12-31T12:00:00Z'))).toBe('2099-00');
  });

  it('writes instants in London time and shares as percentages', () => {
    expect(View.londonTime('2024-06-03T10:00:00.000Z')).toBe('3 Jun 2024, 11:00');
    expect(View.londonTime('2024-12-03T10:00:00.000Z')).toBe('3 Dec 2024, 10:00');
    expect(View.londonTime(null)).toBe('—');
    expect(View.percent(0.93456)).toBe('93.5%');
    expect(View.percent(1)).toBe('100.0%');
    expect(View.percent(null)).toBe('—');
  });

  it('shows the summary with the words and severity of each check from the domain, and every code', () => {
    const reference = JSON.parse(dashboardReference()) as { checks: { id: string }[]; codes: { code: string }[] };
    const checks = reference.checks.map((c) => ({ check: c.id, open: c.id === 'MS-04' ? 2 : 0, resolved: 1, compliantShare: 0.75 }));
    const view = View.summaryView(
      {
        force: 'E23000010',
        period: { label: '2024-25', from: '2024-04-01', to: '2025-03-31' },
        asAt: '2025-01-10T09:00:00.000Z',
        records: 8,
        compliantShare: 0.5,
        checks,
        rgToCrimeHours: { median: 12.25, p90: null, records: 3 },
        referralToCrimeLinkRate: { mustBeCrimes: 4, recorded: 3, rate: 0.75 },
        recordsByCode: { 'N200/01': 5, '106': 3 },
      },
      reference,
    );
    expect(view.title).toBe('E23000010 · 2024-25 (2024-04-01 to 2025-03-31)');
    expect(view.headline).toEqual([
      ['Records received in the period', '8'],
      ['Records with no finding', '50.0%'],
      ['Crimes recorded where required', '3 of 4 (75.0%)'],
      ['Positive RG to crime recorded, median', '12.3 h'],
      ['Positive RG to crime recorded, 90th percentile', '—'],
    ]);
    expect(view.checks).toHaveLength(CHECK_IDS.length);
    expect(view.checks.find((c) => c.check === 'MS-04')).toEqual({
      check: 'MS-04',
      severity: 'error',
      title: expect.stringMatching(/crime/i),
      open: 2,
      resolved: 1,
      compliant: '75.0%',
      attention: true,
    });
    expect(view.checks.filter((c) => c.attention).map((c) => c.check)).toEqual(['MS-04']);
    expect(view.codes.map((c) => [c.code, c.records])).toEqual([
      ['N200/01', 5],
      ['N200/02', 0],
      ['N200/03', 0],
      ['N200/04', 0],
      ['N200/05', 0],
      ['N200/06', 0],
      ['106', 3],
    ]);
  });

  it("asks for the four quarters of the financial year the period starts in, whatever the period's kind", () => {
    const starting = (from: string) => View.quartersOf({ period: { label: '', from, to: '' } });
    const q = ['2024-25-Q1', '2024-25-Q2', '2024-25-Q3', '2024-25-Q4'];
    expect(starting('2024-04-01')).toEqual(q); // the year
    expect(starting('2024-10-01')).toEqual(q); // its third quarter
    expect(starting('2025-03-01')).toEqual(q); // its last month
    expect(starting('2025-04-01')).toEqual(['2025-26-Q1', '2025-26-Q2', '2025-26-Q3', '2025-26-Q4']);
    expect(starting('2099-01-01')[0]).toBe('2098-99-Q1');
    expect(starting('2099-04-01')[0]).toBe('2099-00-Q1');
  });

  it('shows the quarters as rows: records, share with no finding, open findings and open errors', () => {
    const reference = JSON.parse(dashboardReference()) as { checks: { id: string; severity: string }[] };
    const quarter = (label: string, records: number, share: number | null, open: Record<string, number>) => ({
      period: { label, from: `${label}-from`, to: `${label}-to` },
      records,
      compliantShare: share,
      checks: reference.checks.map((c) => ({ check: c.id, open: open[c.id] ?? 0, resolved: 0, compliantShare: 1 })),
    });
    const rows = View.trendRows(
      [quarter('2024-25 Q1', 10, 0.8, { 'MS-04': 1, 'MS-03': 2 }), quarter('2024-25 Q2', 4, 1, {}), quarter('2024-25 Q3', 0, null, {})],
      reference,
    );
    expect(rows).toEqual([
      {
        period: '2024-25 Q1',
        dates: '2024-25 Q1-from to 2024-25 Q1-to',
        records: 10,
        compliant: '80.0%',
        open: 3,
        openErrors: 1,
        attention: true,
      },
      {
        period: '2024-25 Q2',
        dates: '2024-25 Q2-from to 2024-25 Q2-to',
        records: 4,
        compliant: '100.0%',
        open: 0,
        openErrors: 0,
        attention: false,
      },
      {
        period: '2024-25 Q3',
        dates: '2024-25 Q3-from to 2024-25 Q3-to',
        records: 0,
        compliant: '—',
        open: 0,
        openErrors: 0,
        attention: false,
      },
    ]);
  });

  it('lists the worklist as rows, overdue first as the API orders them', () => {
    const rows = View.worklistRows({
      items: [
        {
          what: 'Record the crime',
          check: 'MS-04',
          referralRef: 'R-1',
          code: '106',
          crimeReference: null,
          dueAt: '2024-06-04T11:00:00.000Z',
          overdue: true,
        },
        {
          what: 'Chase the RG',
          check: 'MS-03',
          referralRef: 'R-2',
          code: 'N200/01',
          crimeReference: 'CRN-2',
          dueAt: '2024-06-10T23:00:00.000Z',
          overdue: false,
        },
      ],
    });
    expect(rows).toEqual([
      {
        due: '4 Jun 2024, 12:00',
        overdue: true,
        state: 'Overdue',
        action: 'Record the crime',
        check: 'MS-04',
        referralRef: 'R-1',
        code: '106',
        crimeReference: '—',
      },
      {
        due: '11 Jun 2024, 00:00',
        overdue: false,
        state: 'Due',
        action: 'Chase the RG',
        check: 'MS-03',
        referralRef: 'R-2',
        code: 'N200/01',
        crimeReference: 'CRN-2',
      },
    ]);
  });

  it('shows a record: what it is now, and its history newest first with when the service learned each entry', () => {
    const view = View.recordView({
      force: 'E23000010',
      referralRef: 'R-1',
      status: 'OPEN',
      referralType: 'NRM',
      classification: { code: '106', title: 'Modern slavery', rule: 'RG_POSITIVE_EW', reason: 'Positive RG', crimeRequired: true },
      crimeReference: null,
      receivedDate: '2024-06-03',
      history: [
        {
          status: 'OPEN',
          code: 'N200/01',
          reason: 'Pending RG',
          causedBy: 'R-1/referral',
          validFrom: '2024-06-03T09:00:00.000Z',
          validTo: '2024-06-07T11:00:00.000Z',
          knownSince: '2024-06-03T10:05:00.000Z',
        },
        {
          status: 'OPEN',
          code: '106',
          reason: 'Positive RG',
          causedBy: 'R-1/rg',
          validFrom: '2024-06-07T11:00:00.000Z',
          validTo: null,
          knownSince: '2024-06-07T12:00:00.000Z',
        },
      ],
    });
    expect(view.title).toBe('R-1 · E23000010');
    expect(view.now).toEqual([
      ['Status', 'OPEN'],
      ['Referral', 'NRM'],
      ['Classification', '106 · Modern slavery'],
      ['Why', 'Positive RG'],
      ['Crime required', 'Yes'],
      ['Crime reference', '—'],
      ['Received (London date)', '2024-06-03'],
    ]);
    expect(view.history).toEqual([
      {
        from: '7 Jun 2024, 12:00',
        to: 'now',
        code: '106',
        status: 'OPEN',
        reason: 'Positive RG',
        causedBy: 'R-1/rg',
        knownSince: '7 Jun 2024, 13:00',
      },
      {
        from: '3 Jun 2024, 10:00',
        to: '7 Jun 2024, 12:00',
        code: 'N200/01',
        status: 'OPEN',
        reason: 'Pending RG',
        causedBy: 'R-1/referral',
        knownSince: '3 Jun 2024, 11:05',
      },
    ]);
  });

  it('puts an error answer in one line with each detail', () => {
    expect(
      View.errorText(403, {
        statusCode: 403,
        code: 'FORCE_FORBIDDEN',
        message: 'Not your force',
        details: [{ field: 'force', reason: 'is not in the token' }],
      }),
    ).toBe('403 FORCE_FORBIDDEN: Not your force (force: is not in the token)');
    expect(View.errorText(502, null)).toBe('HTTP 502');
  });
});

describe('dashboardReference', () => {
  it('escapes < so the JSON cannot close its script element', () => {
    expect(dashboardReference()).not.toContain('<');
  });
});
