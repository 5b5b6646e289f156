import { parseArgs } from 'node:util';
import { ValidationFailedError } from '../common/app-error';
import { asAtOrNow, INSTANT_REASON } from '../common/wire-values';
import { parseAcceptedInstant } from '../hocr/iso';
import { computeReturn, parseReturnParams } from '../returns/return-query';
import { renderCsv, renderXlsx } from '../returns/return-renderers';
import { settledNow } from '../database/system-time';
import { withDatabase } from './database';
import { UsageError } from './usage-error';

export const RETURN_HELP = `Usage: npm run cli -- return --force CODE --period PERIOD [--as-at ISO] [--format json|csv|xlsx]

Prints the statistical return (SPEC §7) on stdout, from the service's database (DATABASE_URL, or the
embedded database in DATA_DIR: stop the service first, the embedded database has one user at a time).

  --force    a force code such as E23000010, or ALL
  --period   a financial year 2024-25, a quarter 2024-25-Q1 or a month 2024-04
  --as-at    a past service time, ISO 8601 with an offset (2025-04-01T00:00:00Z); default now
  --format   json (default), csv or xlsx (xlsx is binary: redirect it to a file)
  --help     this text

Example: npm run cli -- return --force E23000010 --period 2024-25 --format csv > r.csv`;

/** `stdout`: where the return goes (a terminal is refused XLSX, whose bytes would garble it). */
export async function returnCommand(argv: string[], stdout: { isTTY?: boolean } = process.stdout): Promise<string | void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      force: { type: 'string' },
      period: { type: 'string' },
      'as-at': { type: 'string' },
      format: { type: 'string', default: 'json' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return RETURN_HELP;
  if (!values.force) throw new UsageError('--force is required', RETURN_HELP);
  if (!values.period) throw new UsageError('--period is required', RETURN_HELP);
  if (!['json', 'csv', 'xlsx'].includes(values.format))
    throw new UsageError(`--format ${values.format} must be json, csv or xlsx`, RETURN_HELP);
  if (values.format === 'xlsx' && stdout.isTTY === true)
    throw new UsageError('--format xlsx is binary and stdout is a terminal: redirect it to a file (> return.xlsx)', RETURN_HELP);
  let asAt: Date | undefined;
  if (values['as-at'] !== undefined) {
    const ms = parseAcceptedInstant(values['as-at']);
    if (ms === null) throw new UsageError(`--as-at ${values['as-at']} ${INSTANT_REASON}`, RETURN_HELP);
    asAt = new Date(ms);
  }
  try {
    parseReturnParams(values.force, values.period); // clear errors before touching the database
  } catch (err) {
    if (err instanceof ValidationFailedError)
      throw new UsageError(err.details.map((d) => `--${d.field}: ${d.reason}`).join('; '), RETURN_HELP);
    throw err;
  }
  const doc = await withDatabase(async (ds) => {
    let at: Date;
    try {
      at = asAtOrNow(asAt, await settledNow(ds));
    } catch (err) {
      if (err instanceof ValidationFailedError) throw new UsageError(`--as-at ${values['as-at']} ${err.details[0].reason}`, RETURN_HELP);
      throw err;
    }
    return computeReturn(ds, { force: values.force!, period: values.period!, asAt: at });
  });
  if (values.format === 'csv') return renderCsv(doc);
  if (values.format === 'xlsx') {
    process.stdout.write(await renderXlsx(doc));
    return;
  }
  return JSON.stringify(doc, null, 2);
}
