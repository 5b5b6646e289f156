import type { AddressInfo } from 'node:net';
import { Window } from 'happy-dom';
import { DASHBOARD_CSP } from '../../src/dashboard/dashboard-assets';
import { CHECK_IDS } from '../../src/hocr/checks/finding';
import { type TestApp, useTestApp } from '../helpers/test-app';
import { referral, rg } from '../helpers/wire-events';

/**
 * The SPOC dashboard (docs/decisions.md, "The SPOC dashboard"): the page is served without a token and holds no
 * data; in a DOM (happy-dom) against the running service, a SPOC lead's token shows their force's summary and
 * worklist from the API, and the reads are in the access log under the token's subject.
 */
const WY = 'E23000010';
const NY = 'E23000012';

let t: TestApp;
let base: string;
useTestApp(async (app) => {
  t = app;
  await app.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
  const recorder = await app.token('recorder', [WY, NY]);
  const events = [
    referral(WY, 'DB-1'),
    rg(WY, 'DB-1', 'POSITIVE'), // a crime owed: MS-04 on the worklist, overdue
    referral(WY, 'DB-2'),
    referral(NY, 'DB-9'),
  ];
  await app.http.post('/v1/events/batch').set('authorization', `Bearer ${recorder}`).send({ events }).expect(200);
});

describe('serving', () => {
  it('serves the page without a token, locked down, with no data in it and no inline script', async () => {
    const res = await t.http.get('/dashboard').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // every script element loads a file of this origin, or is a JSON data block
    const scripts = res.text.match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBe(3);
    for (const s of scripts) expect(s).toMatch(/src="\/dashboard\/[a-z-]+\.js"|type="application\/json"/);
    expect(res.text).not.toContain('DB-1');
    expect(res.text).not.toContain('__REFERENCE__');
  });

  it('serves its three files and nothing else', async () => {
    for (const [file, type] of [
      ['dashboard.js', 'text/javascript; charset=utf-8'],
      ['dashboard-view.js', 'text/javascript; charset=utf-8'],
      ['dashboard.css', 'text/css; charset=utf-8'],
    ]) {
      const res = await t.http.get(`/dashboard/${file}`).expect(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    }
    for (const path of ['/dashboard/index.html', '/dashboard/..%2Fpackage.json', '/dashboard/dashboard.ts']) {
      const res = await t.http.get(path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
    }
  });

  it('is not part of the API description', async () => {
    const doc = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths).filter((p) => p.startsWith('/dashboard'))).toEqual([]);
  });
});

/** What the tests use of a happy-dom element. */
type DomElement = ReturnType<Window['document']['createElement']> & { value: string; hidden: boolean };

describe('in a browser DOM', () => {
  let window: Window;
  afterEach(async () => {
    await window?.happyDOM.close();
  });

  async function open(): Promise<Window> {
    window = new Window({
      url: `${base}/dashboard`,
      settings: {
        enableJavaScriptEvaluation: true,
        suppressInsecureJavaScriptEnvironmentWarning: true,
        disableJavaScriptFileLoading: false,
        disableCSSFileLoading: true,
      },
    });
    const html = await (await fetch(`${base}/dashboard`)).text();
    window.document.write(html);
    await window.happyDOM.waitUntilComplete();
    return window;
  }

  const byId = (id: string) => window.document.getElementById(id) as unknown as DomElement;
  const texts = (id: string) =>
    [...byId(id).querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));

  async function submit(formId: string): Promise<void> {
    byId(formId).dispatchEvent(new window.Event('submit', { cancelable: true }));
    for (let i = 0; i < 100 && byId('status').textContent!.startsWith('Loading'); i++) await new Promise((r) => setTimeout(r, 20));
    await window.happyDOM.waitUntilComplete();
    await new Promise((r) => setTimeout(r, 50));
  }

  it("a SPOC lead's token shows their force's summary and worklist, and the reads are logged under the token", async () => {
    await open();
    const token = await t.token('spoc', [WY]);
    const sub = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub as string;
    byId('token').value = token;
    await submit('sign-in');
    expect(byId('status').textContent).toBe('');
    expect(byId('ask').hidden).toBe(false);
    expect(byId('token').value).toBe(''); // the field is cleared; the token is in the page's memory only
    expect([...byId('force').querySelectorAll('option')].map((o) => (o as unknown as { value: string }).value)).toEqual([WY]);

    byId('period').value = '2024-25';
    await submit('ask');
    expect(byId('status').textContent).toBe('');
    expect(byId('summary-title').textContent).toBe(`${WY} · 2024-25 (2024-04-01 to 2025-03-31)`);
    expect(texts('headline').length).toBe(0); // a <dl>, not rows
    expect(byId('headline').textContent).toContain('Records received in the period2');
    const checks = texts('checks-body');
    expect(checks).toHaveLength(CHECK_IDS.length);
    expect(checks.find((r) => r[0] === 'MS-04')?.slice(3)).toEqual(['1', '0', '50.0%']);
    // the year quarter by quarter: every record was received in June, so Q1 holds the year's figures
    const sum = (rows: (string | null)[][]) => String(rows.reduce((n, r) => n + Number(r[3]), 0));
    expect(texts('trend-body')).toEqual([
      ['2024-25-Q1', '2024-04-01 to 2024-06-30', '2', '0.0%', sum(checks), sum(checks.filter((r) => r[1] === 'error'))],
      ['2024-25-Q2', '2024-07-01 to 2024-09-30', '0', '—', '0', '0'],
      ['2024-25-Q3', '2024-10-01 to 2024-12-31', '0', '—', '0', '0'],
      ['2024-25-Q4', '2025-01-01 to 2025-03-31', '0', '—', '0', '0'],
    ]);
    expect(Number(texts('trend-body')[0][5])).toBeGreaterThan(0);
    expect(byId('headline').textContent).toContain('Records with no finding0.0%'); // as the year's
    expect(texts('codes-body').filter((r) => r[2] !== '0')).toEqual([
      ['N200/01', expect.any(String), '1'],
      ['106', 'Modern slavery', '1'],
    ]);
    const work = texts('work-body');
    expect(work.find((r) => r[3] === 'MS-04')).toEqual([
      expect.any(String),
      'Overdue',
      expect.stringMatching(/Record the crime/),
      'MS-04',
      'DB-1',
      '106',
      '—',
    ]);
    expect(work.every((r) => r[4] !== 'DB-9')).toBe(true); // North Yorkshire's record is not shown

    // a worklist row opens its record: what it is now, and its history newest first
    const row = [...byId('work-body').querySelectorAll('tr')].find((tr) => tr.querySelectorAll('td')[3].textContent === 'MS-04')!;
    row.querySelector('button')!.dispatchEvent(new window.MouseEvent('click'));
    for (let i = 0; i < 100 && byId('record').hidden; i++) await new Promise((r) => setTimeout(r, 20));
    expect(byId('record-title').textContent).toBe(`DB-1 · ${WY}`);
    expect(byId('record-now').textContent).toContain('Classification106 · Modern slavery');
    expect(texts('history-body').map((r) => [r[1], r[2], r[5]])).toEqual([
      ['now', '106', 'DB-1/RG_DECISION-POSITIVE'],
      [expect.any(String), 'N200/01', 'DB-1/referral'],
    ]);

    const log = await t.dataSource.query(
      `SELECT action, actor, forces FROM access_log WHERE action IN ('WORKLIST_READ', 'RECORD_READ') ORDER BY id`,
    );
    expect(log).toEqual([
      { action: 'WORKLIST_READ', actor: sub, forces: [WY] },
      { action: 'RECORD_READ', actor: sub, forces: [WY] },
    ]);
  });

  it("says why the API refused, in the API's words", async () => {
    await open();
    byId('token').value = 'not-a-token';
    await submit('sign-in');
    expect(byId('status').textContent).toMatch(/not a bearer token/);
    expect(byId('ask').hidden).toBe(true);

    // a token the API does not accept (another secret): the API's 401, shown
    const parts = (await t.token('spoc', [WY])).split('.');
    byId('token').value = `${parts[0]}.${parts[1]}.${'A'.repeat(43)}`;
    await submit('sign-in');
    expect(byId('status').textContent).toMatch(/^401 UNAUTHENTICATED: /);
    expect(byId('ask').hidden).toBe(true);
  });
});
