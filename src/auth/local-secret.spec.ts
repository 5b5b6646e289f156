import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/env';
import { AuthNotConfiguredError, resolveAuth } from './local-secret';

describe('resolveAuth', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'n200-secret-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('makes a local secret once on the embedded database (mode 0600) and reuses it', () => {
    const dataDir = join(root, 'data', 'nested'); // not there yet: it is made
    const first = resolveAuth(loadConfig({ DATA_DIR: dataDir }));
    expect(first.created).toBe(true);
    expect(first.localSecretFile).toBe(join(dataDir, 'jwt-secret'));
    const secret = readFileSync(first.localSecretFile!, 'utf8');
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(first.config.auth.jwtSecret).toBe(secret);
    expect(statSync(first.localSecretFile!).mode & 0o777).toBe(0o600);

    const second = resolveAuth(loadConfig({ DATA_DIR: dataDir }));
    expect(second.created).toBe(false);
    expect(second.config.auth.jwtSecret).toBe(secret);
    expect(readFileSync(first.localSecretFile!, 'utf8')).toBe(secret);
  });

  it('makes a different secret for each data directory', () => {
    const a = resolveAuth(loadConfig({ DATA_DIR: join(root, 'a') })).config.auth.jwtSecret;
    const b = resolveAuth(loadConfig({ DATA_DIR: join(root, 'b') })).config.auth.jwtSecret;
    expect(a).not.toBe(b);
  });

  it('refuses to start against a PostgreSQL server with no key configured', () => {
    expect(() => resolveAuth(loadConfig({ DATA_DIR: root, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/n200' }))).toThrow(
      AuthNotConfiguredError,
    );
    expect(() => resolveAuth(loadConfig({ DATA_DIR: root, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/n200' }))).toThrow(
      /^Invalid configuration: AUTH_JWT_SECRET, AUTH_JWT_PUBLIC_KEY or AUTH_JWKS_URL must be set/,
    );
  });

  it.each([
    ['AUTH_JWT_SECRET', 's'.repeat(40)],
    ['AUTH_JWKS_URL', 'https://idp.example/jwks'],
  ])('uses %s as configured, making no local secret, on either database', (variable, value) => {
    for (const db of [{}, { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/n200' }]) {
      const config = loadConfig({ DATA_DIR: join(root, 'd'), [variable]: value, ...db });
      const resolved = resolveAuth(config);
      expect(resolved).toEqual({ config, created: false });
    }
    expect(() => statSync(join(root, 'd', 'jwt-secret'))).toThrow();
  });

  it('passes with AUTH_DISABLED=true and no key, making no secret', () => {
    for (const db of [{}, { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/n200' }]) {
      const config = loadConfig({ DATA_DIR: join(root, 'd'), AUTH_DISABLED: 'true', ...db });
      expect(resolveAuth(config)).toEqual({ config, created: false });
    }
    expect(() => statSync(join(root, 'd', 'jwt-secret'))).toThrow();
  });
});
