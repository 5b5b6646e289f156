import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/env';
import { RULE_SET_VERSION } from '../hocr/classify';
import { COMPLIANCE_HELP, complianceCommand } from './compliance.command';
import { REBUILD_HELP, rebuildCommand } from './rebuild.command';
import { RETURN_HELP, returnCommand } from './return.command';
import { TOKEN_HELP, tokenCommand } from './token.command';
import { UsageError } from './usage-error';

/** `npm run cli -- <command> [options]`; every command has --help. Output goes to stdout, messages to stderr. */
type Command = { help: string; run: (argv: string[]) => Promise<string | void> };

const COMMANDS: Record<string, Command> = {
  token: { help: TOKEN_HELP, run: tokenCommand },
  return: { help: RETURN_HELP, run: returnCommand },
  compliance: { help: COMPLIANCE_HELP, run: complianceCommand },
  rebuild: { help: REBUILD_HELP, run: rebuildCommand },
};

const HELP = `Usage: npm run cli -- <command> [options]

Commands:
${Object.keys(COMMANDS)
  .map((c) => `  ${c}`)
  .join('\n')}

Run a command with --help for its options; --version prints the service's version and rule set.`;

/** The package version (package.json beside dist/) and the HOCR rule set the service classifies under. */
function version(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  return `n200 ${pkg.version}, rule set ${RULE_SET_VERSION}`;
}

async function main(argv: string[]): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${HELP}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`n200: unknown command "${name}"\n\n${HELP}\n`);
    return 2;
  }
  try {
    const out = await command.run(rest);
    if (out) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`n200 ${name}: ${(err as Error).message}\n${err instanceof UsageError && err.help ? `\n${err.help}\n` : ''}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`n200: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`n200 ${name}: ${(err as Error).message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
