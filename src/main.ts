import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { loadConfig, ConfigError } from './config/env';
import { AuthNotConfiguredError, resolveAuth } from './auth/local-secret';
import { DataDirLockedError } from './database/data-dir-lock';
import { targetFromConfig } from './database/data-source';
import { Logger } from 'nestjs-pino';
import { createApp } from './app.factory';

/** Problems an operator fixes in the environment: one line on stderr, exit 1, no stack trace. */
function fatal(message: string): never {
  process.stderr.write(`n200: ${message}\n`);
  process.exit(1);
}

const HELP = `Usage: npm start [-- --help]

Serves the n200 HTTP API (OpenAPI documentation at /docs) until SIGINT or SIGTERM. It is configured by
environment variables, not options (README "Configuration", .env.example; a .env file in the working
directory is read): without DATABASE_URL it serves on the embedded database in DATA_DIR (default ./data).
`;

/** `--help`, or a usage mistake: nothing but `--help` is an argument (exit 2). */
function commandLine(args: string[]): void {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  if (args.length > 0) {
    process.stderr.write(`n200: unknown argument "${args[0]}": the service is configured by environment variables\n\n${HELP}`);
    process.exit(2);
  }
}

async function bootstrap(): Promise<void> {
  commandLine(process.argv.slice(2));
  if (existsSync('.env')) process.loadEnvFile('.env');
  const resolved = resolveAuth(loadConfig());
  const config = resolved.config;
  const app = await createApp({ config, database: targetFromConfig(config) });
  const log = app.get(Logger);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.log(`${signal} received: closing the HTTP server and the database`);
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error(`shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT')); // on, not once: npm forwards a second SIGINT
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (config.auth.disabled) {
    log.warn('AUTH_DISABLED=true: every request is treated as a national admin. Never use this outside a developer machine.');
  }
  await app.listen(config.port, config.host);
  const where = config.databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  log.log(`n200 listening on http://${config.host}:${config.port} (database: ${where}; API docs at /docs)`);
  if (resolved.localSecretFile) {
    log.log(
      `${resolved.created ? 'Made a local token secret' : 'Using the local token secret'} in ${resolved.localSecretFile}. ` +
        'Mint a token with: npm run token -- --role recorder --force E23000010',
    );
  }
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof AuthNotConfiguredError || err instanceof DataDirLockedError) fatal(err.message);
  const e = err as Error & { code?: string };
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === '3D000' || e.code === '28P01') {
    fatal(`cannot connect to the database (DATABASE_URL): ${e.message}`);
  }
  if (e.code === 'EADDRINUSE') fatal(`port in use: ${e.message} (set PORT)`);
  fatal(`failed to start: ${e.name}: ${e.message}`);
});
