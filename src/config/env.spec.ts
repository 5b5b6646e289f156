import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './env';

const SECRET = 'a'.repeat(32);
const RSA_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const EC_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      nodeEnv: 'production',
      host: '0.0.0.0',
      port: 3000,
      databaseUrl: undefined,
      databasePoolSize: 10,
      databaseConnectTimeoutMs: 10000,
      dataDir: './data',
      bodyLimitBytes: 1024 * 1024,
      logLevel: 'info',
      healthDbTimeoutMs: 1000,
      auth: {
        disabled: false,
        jwtSecret: undefined,
        jwtPublicKey: undefined,
        jwksUrl: undefined,
        issuer: undefined,
        audience: undefined,
      },
    });
  });

  it('treats empty and blank values as unset and trims the rest', () => {
    const c = loadConfig({ PORT: '', HOST: '   ', LOG_LEVEL: ' debug ', AUTH_ISSUER: ' https://idp.example/ ' });
    expect(c.port).toBe(3000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.logLevel).toBe('debug');
    expect(c.auth.issuer).toBe('https://idp.example/');
  });

  it('reads every variable', () => {
    const c = loadConfig({
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: '8080',
      DATABASE_URL: 'postgresql://n200:pw@db.internal:5432/n200',
      DATABASE_POOL_SIZE: '25',
      DATABASE_CONNECT_TIMEOUT_MS: '3000',
      DATA_DIR: '/var/lib/n200',
      BODY_LIMIT: '2mb',
      LOG_LEVEL: 'warn',
      HEALTH_DB_TIMEOUT_MS: '2500',
      BROKER_URL: 'amqps://n200:pw@mq.internal:5671/forces',
      BROKER_QUEUE: 'wyp.n200-events',
      BROKER_PREFETCH: '100',
      BROKER_CHANGES_EXCHANGE: 'wyp.n200-changes',
      BROKER_CHANGES_INTERVAL_MS: '250',
      AUTH_DISABLED: 'false',
      AUTH_JWT_SECRET: SECRET,
      AUTH_JWT_PUBLIC_KEY: RSA_PEM,
      AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
      AUTH_ISSUER: 'https://idp.example/',
      AUTH_AUDIENCE: 'n200',
    });
    expect(c).toEqual({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 8080,
      databaseUrl: 'postgresql://n200:pw@db.internal:5432/n200',
      databasePoolSize: 25,
      databaseConnectTimeoutMs: 3000,
      dataDir: '/var/lib/n200',
      bodyLimitBytes: 2 * 1024 * 1024,
      logLevel: 'warn',
      healthDbTimeoutMs: 2500,
      broker: {
        url: 'amqps://n200:pw@mq.internal:5671/forces',
        queue: 'wyp.n200-events',
        prefetch: 100,
        changesExchange: 'wyp.n200-changes',
        changesIntervalMs: 250,
      },
      auth: {
        disabled: false,
        jwtSecret: SECRET,
        jwtPublicKey: RSA_PEM.trim(),
        jwksUrl: 'https://idp.example/.well-known/jwks.json',
        issuer: 'https://idp.example/',
        audience: 'n200',
      },
    });
  });

  describe('rejects a bad value with one line naming the variable', () => {
    it.each([
      ['PORT', 'abc', /^Invalid configuration: PORT must be an integer from 1 to 65535 \(got "abc"\)$/],
      ['PORT', '0', /PORT must be an integer/],
      ['PORT', '65536', /PORT must be an integer/],
      ['PORT', '80.5', /PORT must be an integer/],
      ['PORT', '-1', /PORT must be an integer/],
      ['DATABASE_POOL_SIZE', '0', /DATABASE_POOL_SIZE must be an integer from 1 to 200/],
      ['DATABASE_POOL_SIZE', '201', /DATABASE_POOL_SIZE must be an integer/],
      ['DATABASE_CONNECT_TIMEOUT_MS', '99', /DATABASE_CONNECT_TIMEOUT_MS must be an integer from 100 to 600000/],
      ['HEALTH_DB_TIMEOUT_MS', '10', /HEALTH_DB_TIMEOUT_MS must be an integer from 50 to 60000/],
      ['BROKER_CHANGES_EXCHANGE', 'amq.topic', /BROKER_CHANGES_EXCHANGE must be 1-200 letters/],
      ['BROKER_CHANGES_INTERVAL_MS', '50', /BROKER_CHANGES_INTERVAL_MS must be an integer from 100 to 60000/],
      ['HEALTH_DB_TIMEOUT_MS', 'soon', /HEALTH_DB_TIMEOUT_MS must be an integer/],
      ['NODE_ENV', 'staging', /NODE_ENV must be one of development, production, test \(got "staging"\)/],
      ['LOG_LEVEL', 'verbose', /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/],
      ['DATABASE_URL', 'not a url', /^Invalid configuration: DATABASE_URL must be a URL$/],
      ['DATABASE_URL', 'mysql://root@localhost/n200', /^Invalid configuration: DATABASE_URL must use postgres: or postgresql:$/],
      ['AUTH_JWKS_URL', 'idp.example/jwks', /AUTH_JWKS_URL must be a URL/],
      ['AUTH_JWKS_URL', 'ftp://idp.example/jwks', /AUTH_JWKS_URL must use https: or http:/],
      ['BROKER_URL', 'http://mq.internal', /^Invalid configuration: BROKER_URL must use amqp: or amqps:$/],
      ['BROKER_QUEUE', 'amq.events', /BROKER_QUEUE must be 1-200 letters, digits or \. _ : - and not start with amq\./],
      ['BROKER_QUEUE', 'events queue', /BROKER_QUEUE must be/],
      ['BROKER_PREFETCH', '0', /BROKER_PREFETCH must be an integer from 1 to 1000/],
      ['BROKER_PREFETCH', '1001', /BROKER_PREFETCH must be an integer/],
      ['AUTH_DISABLED', 'yes', /AUTH_DISABLED must be true or false \(got "yes"\)/],
      ['AUTH_DISABLED', 'TRUE', /AUTH_DISABLED must be true or false/],
      ['AUTH_JWT_SECRET', 'short', /^Invalid configuration: AUTH_JWT_SECRET must be at least 32 characters$/],
      ['AUTH_JWT_SECRET', 'x'.repeat(31), /AUTH_JWT_SECRET must be at least 32 characters/],
      ['AUTH_JWT_PUBLIC_KEY', 'ssh-rsa AAAAB3NzaC1yc2E', /AUTH_JWT_PUBLIC_KEY must be an RSA public key in PEM/],
      [
        'AUTH_JWT_PUBLIC_KEY',
        '-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----',
        /AUTH_JWT_PUBLIC_KEY .* does not parse/,
      ],
      ['AUTH_JWT_PUBLIC_KEY', EC_PEM, /AUTH_JWT_PUBLIC_KEY must be an RSA public key in PEM .*, not ec/],
    ])('%s=%j', (variable, value, message) => {
      const err = configError({ [variable]: value });
      expect(err.variable).toBe(variable);
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain('\n');
    });
  });

  it('never echoes a secret or a database password in its message', () => {
    expect(configError({ AUTH_JWT_SECRET: 'hunter2-secret' }).message).not.toContain('hunter2');
    expect(configError({ DATABASE_URL: 'mysql://u:hunter2@db/x' }).message).not.toContain('hunter2');
    expect(configError({ DATABASE_URL: 'postgres://u:hunter2@db:99999/x' }).message).not.toContain('hunter2');
    expect(configError({ BROKER_URL: 'mqtt://u:hunter2@mq/x' }).message).not.toContain('hunter2');
  });

  it('has no broker without BROKER_URL, whatever the other BROKER_ variables say', () => {
    expect(loadConfig({ BROKER_QUEUE: 'q', BROKER_PREFETCH: '5' }).broker).toBeUndefined();
    expect(loadConfig({ BROKER_URL: 'amqp://127.0.0.1' }).broker).toEqual({
      url: 'amqp://127.0.0.1',
      queue: 'n200.events',
      prefetch: 32,
      changesExchange: undefined,
      changesIntervalMs: 1000,
    });
  });

  describe('BODY_LIMIT', () => {
    it.each([
      ['1048576', 1048576],
      ['100b', 100],
      ['512kb', 512 * 1024],
      ['512KiB', 512 * 1024],
      ['1mb', 1024 * 1024],
      ['2 MiB', 2 * 1024 * 1024],
    ])('reads %j as %d bytes', (raw, bytes) => {
      expect(loadConfig({ BODY_LIMIT: raw }).bodyLimitBytes).toBe(bytes);
    });

    it.each(['0', '0kb', '1.5mb', '1gb', 'mb', '-1', 'lots'])('rejects %j naming BODY_LIMIT', (raw) => {
      const err = configError({ BODY_LIMIT: raw });
      expect(err.variable).toBe('BODY_LIMIT');
      expect(err.message).toContain('BODY_LIMIT must be a size such as 1048576, 512kb or 1mb');
    });
  });

  describe('AUTH_DISABLED', () => {
    it.each([
      ['true', true],
      ['1', true],
      ['false', false],
      ['0', false],
    ])('reads %j as %s', (raw, disabled) => {
      expect(loadConfig({ AUTH_DISABLED: raw }).auth.disabled).toBe(disabled);
    });
  });

  it('accepts a PEM key given on one line with \\n escapes (as in .env files)', () => {
    const oneLine = RSA_PEM.trim().replace(/\n/g, '\\n');
    expect(loadConfig({ AUTH_JWT_PUBLIC_KEY: oneLine }).auth.jwtPublicKey).toBe(RSA_PEM.trim());
  });

  describe('DATA_DIR', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'n200-env-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('accepts an existing directory or one that does not exist yet', () => {
      expect(loadConfig({ DATA_DIR: dir }).dataDir).toBe(dir);
      expect(loadConfig({ DATA_DIR: join(dir, 'later') }).dataDir).toBe(join(dir, 'later'));
    });

    it('rejects a path that is a file', () => {
      const file = join(dir, 'a-file');
      writeFileSync(file, '');
      expect(configError({ DATA_DIR: file }).message).toBe('Invalid configuration: DATA_DIR must be a directory');
    });
  });
});
