import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP_OPTION = { help: { type: 'boolean', short: 'h', default: false } } as const;

/** Prints `name: message`, a blank line and the help on stderr, and exits 2 (a usage mistake). */
export function usageExit(name: string, help: string, message: string): never {
  process.stderr.write(`${name}: ${message}\n\n${help}`);
  process.exit(2);
}

/**
 * The command line of a script (`npm run generate`, `load`, `bench`, `bench:*`, `openapi`), the same way for
 * each: `-h`/`--help` prints `help` on stdout and exits 0; an unknown option, a missing value or an unexpected
 * argument prints `name: what was wrong` and the help on stderr, and exits 2 (never a stack trace). A script's
 * own checks of the values end the same way through `usageExit`.
 */
export function scriptArgs<const O extends Options>(name: string, help: string, options: O, allowPositionals = false) {
  const config = { options: { ...options, ...HELP_OPTION }, strict: true as const, allowPositionals };
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    usageExit(name, help, (e as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(help);
    process.exit(0);
  }
  return parsed;
}

/** `raw` as an integer from `min` to `max` (`def` when absent); otherwise a usage mistake. */
export function intArg(
  usage: (message: string) => never,
  name: string,
  raw: string | undefined,
  def: number,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (raw === undefined) return def;
  const v = Number(raw);
  const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
  if (!/^\d+$/.test(raw) || v < min || v > max) usage(`--${name} must be an integer ${range} (got "${raw}")`);
  return v;
}
