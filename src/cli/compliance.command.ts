import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { writeAccessEntry } from '../audit/access-log';
import { findingView, listFindings, type FindingView } from '../compliance/compliance-sql';
import { complianceSummary } from '../compliance/compliance-summary';
import { findingsCsv } from '../compliance/findings-export';
import { FORCES, isForceCode } from '../hocr/forces';
import { InvalidPeriodError, parsePeriod, type Period } from '../hocr/period';
import { settledNow } from '../database/system-time';
import { withDatabase } from './database';
import { Progress } from './progress';
import { UsageError } from './usage-error';

export const COMPLIANCE_HELP = `Usage: npm run cli -- compliance --force CODE --period PERIOD [--format json|csv]

The compliance summary (SPEC §6) of a force (or ALL forces) for a period, with its open and resolved
findings, from the service's database (DATABASE_URL, or DATA_DIR: stop the service first).

  --force    a force code such as E23000010, or ALL (every force, with a progress bar)
  --period   a financial year 2024-25, a quarter 2024-25-Q1 or a month 2024-04
  --format   json (default: summaries and findings) or csv (the findings, one row each)
  --help     this text

The findings it prints are written to the access log (actor cli:<login name>).

Progress goes to stderr, the result to stdout.`;

/** The operator of a CLI command, for the access log: the login name the process runs as. */
function cliAccessor() {
  let actor: string;
  try {
    actor = userInfo().username;
  } catch {
    actor = process.env.USER ?? `uid ${process.getuid?.() ?? 'unknown'}`;
  }
  return { actor: `cli:${actor}`, channel: 'CLI' as const, correlationId: randomUUID() };
}

export async function complianceCommand(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      force: { type: 'string' },
      period: { type: 'string' },
      format: { type: 'string', default: 'json' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return COMPLIANCE_HELP;
  if (!values.force) throw new UsageError('--force is required', COMPLIANCE_HELP);
  if (!values.period) throw new UsageError('--period is required', COMPLIANCE_HELP);
  if (values.force !== 'ALL' && !isForceCode(values.force))
    throw new UsageError(`--force ${values.force} is not a force code (or ALL)`, COMPLIANCE_HELP);
  if (values.format !== 'json' && values.format !== 'csv')
    throw new UsageError(`--format ${values.format} must be json or csv`, COMPLIANCE_HELP);
  let period: Period;
  try {
    period = parsePeriod(values.period);
  } catch (err) {
    if (err instanceof InvalidPeriodError) throw new UsageError(`--period: ${err.message}`, COMPLIANCE_HELP);
    throw err;
  }
  const forces = values.force === 'ALL' ? FORCES.map((f) => f.code) : [values.force];
  const result = await withDatabase(async (ds) => {
    const now = await settledNow(ds);
    const progress = new Progress('compliance', forces.length);
    const summaries = [];
    const findings: FindingView[] = [];
    for (const force of forces) {
      summaries.push(await complianceSummary(ds, force, period, now));
      let afterId: string | undefined;
      for (;;) {
        const rows = await listFindings(ds, {
          forces: [force],
          status: 'all',
          asAt: now,
          afterId,
          limit: 5000,
          received: { from: period.fromDate, to: period.toDate },
        });
        findings.push(...rows.map((r) => findingView(r, now)));
        if (rows.length < 5000) break;
        afterId = rows[rows.length - 1].id;
      }
      progress.tick();
    }
    progress.finish();
    // the findings name records: their disclosure is logged like the API's (docs/decisions.md, "The access log")
    await writeAccessEntry(ds, cliAccessor(), 'FINDINGS_EXPORTED', findings, {
      force: values.force,
      period: values.period,
      status: 'all',
      format: values.format,
      asAt: now,
    });
    return { summaries, findings };
  });
  if (values.format === 'csv') return findingsCsv(result.findings);
  return JSON.stringify(values.force === 'ALL' ? result : { summary: result.summaries[0], findings: result.findings }, null, 2);
}
