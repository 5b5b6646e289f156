import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/env';

export class AuthNotConfiguredError extends Error {
  constructor() {
    super(
      'Invalid configuration: AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL must be set (or AUTH_DISABLED=true, never in production)',
    );
  }
}

function hasKey(auth: AppConfig['auth']): boolean {
  return Boolean(auth.jwtSecret || auth.jwtPublicKey || auth.jwksUrl);
}

/**
 * Auth must be configured, with one convenience: on the embedded database (a local, single-user set-up)
 * with no key configured, a random HS256 secret is made once in the data directory (mode 0600; data/ is
 * git-ignored) so `npm start` works on a fresh machine and `npm run token` can mint tokens for it.
 * Against a PostgreSQL server (a deployment) a missing key stops the service.
 */
export function resolveAuth(config: AppConfig): { config: AppConfig; localSecretFile?: string; created: boolean } {
  if (config.auth.disabled || hasKey(config.auth)) return { config, created: false };
  if (config.databaseUrl) throw new AuthNotConfiguredError();
  const file = join(config.dataDir, 'jwt-secret');
  let created = false;
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    created = true;
  }
  const jwtSecret = readFileSync(file, 'utf8').trim();
  return { config: { ...config, auth: { ...config.auth, jwtSecret } }, localSecretFile: file, created };
}
