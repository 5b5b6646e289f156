import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CHECKS } from '../hocr/checks/registry';
import { CODE_TITLES, HOCR_CODES } from '../hocr/codes';

/** The files of the SPOC dashboard (public/dashboard/), by the name the page asks for, with their types. */
const FILES: Record<string, string> = {
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard-view.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
};

/**
 * Only this origin's scripts, styles and API; no inline script, no frames, no form posts elsewhere: the page
 * holds a bearer token and special-category findings, so nothing injected may run or send them away.
 */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface DashboardFile {
  type: string;
  body: string;
}

/** The project root (where package.json is), from this file in src/ (tests) or dist/src/ (the service). */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'public', 'dashboard'))) return dir;
    if (dirname(dir) === dir) throw new Error('public/dashboard/ not found above ' + __dirname);
  }
}

/**
 * What the page shows beside the API's answers: each check's words and severity and each code's title, from
 * the domain (src/hocr), so the page and the rules never disagree. `<` is escaped so that the JSON cannot
 * close the script element it sits in.
 */
export function dashboardReference(): string {
  return JSON.stringify({
    checks: CHECKS.map((c) => ({ id: c.id, severity: c.severity, title: c.title })),
    codes: HOCR_CODES.map((code) => ({ code, title: CODE_TITLES[code] })),
  }).replace(/</g, '\\u003c');
}

/** The page and its files, read once. */
export function loadDashboard(): { page: string; files: Map<string, DashboardFile> } {
  const dir = join(projectRoot(), 'public', 'dashboard');
  const page = readFileSync(join(dir, 'index.html'), 'utf8').replace('__REFERENCE__', () => dashboardReference());
  const files = new Map(Object.entries(FILES).map(([name, type]) => [name, { type, body: readFileSync(join(dir, name), 'utf8') }]));
  return { page, files };
}
