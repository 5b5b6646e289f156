import { createPublicKey } from 'node:crypto';
import { existsSync } from 'node:fs';

/**
 * The service's whole configuration, read from the environment once at boot and validated. A bad or
 * missing value stops the process with one line naming the variable (see main.ts). The table in
 * README.md and `.env.example` document the same variables; keep the three in step.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** postgres://… ; undefined = the embedded PGlite database in `dataDir`. */
  databaseUrl?: string;
  databasePoolSize: number;
  /** A server connection not made, or a pool client not free, within this many ms: the request is a 503. */
  databaseConnectTimeoutMs: number;
  dataDir: string;
  bodyLimitBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  healthDbTimeoutMs: number;
  /** RabbitMQ consumer of wire events (src/ingestion/broker); undefined = none (BROKER_URL unset). */
  broker?: {
    url: string;
    /** The quorum queue events are consumed from; refused messages go to `<queue>.dead`. */
    queue: string;
    /** Messages in work at once (AMQP prefetch). */
    prefetch: number;
    /** The topic exchange classification changes are published to (src/records/change-relay.ts); undefined = none. */
    changesExchange?: string;
    /** How often the change relay looks for new changes, ms. */
    changesIntervalMs: number;
  };
  auth: {
    disabled: boolean;
    jwtSecret?: string;
    jwtPublicKey?: string;
    jwksUrl?: string;
    issuer?: string;
    audience?: string;
  };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return def;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], def: T): T {
  const raw = str(env, name);
  if (raw === undefined) return def;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function bool(env: Env, name: string): boolean {
  const raw = str(env, name);
  if (raw === undefined) return false;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2 };

function size(env: Env, name: string, def: number): number {
  const raw = str(env, name);
  if (raw === undefined) return def;
  const m = /^(\d+)\s*([a-z]*)$/i.exec(raw);
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined || Number(m[1]) === 0) {
    throw new ConfigError(name, `must be a size such as 1048576, 512kb or 1mb (got "${raw}")`);
  }
  return Number(m[1]) * unit;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = str(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}`);
  }
  return raw;
}

/** RS256 needs an RSA public key in SPKI PEM; a bad one must stop the boot here, naming the variable. */
function checkRsaPublicKey(pem: string): void {
  const reason = 'must be an RSA public key in PEM (-----BEGIN PUBLIC KEY-----)';
  if (!pem.includes('-----BEGIN PUBLIC KEY-----')) throw new ConfigError('AUTH_JWT_PUBLIC_KEY', reason);
  let type: string | undefined;
  try {
    type = createPublicKey({ key: pem, format: 'pem' }).asymmetricKeyType;
  } catch {
    throw new ConfigError('AUTH_JWT_PUBLIC_KEY', `${reason}: it does not parse`);
  }
  if (type !== 'rsa') throw new ConfigError('AUTH_JWT_PUBLIC_KEY', `${reason}, not ${type}`);
}

/** A queue name RabbitMQ takes for a durable queue of ours (`amq.` names are the broker's own). */
function queueName(env: Env, name: string, def: string): string {
  const raw = str(env, name);
  if (raw === undefined) return def;
  if (!/^[A-Za-z0-9._:-]{1,200}$/.test(raw) || raw.startsWith('amq.')) {
    throw new ConfigError(name, `must be 1-200 letters, digits or . _ : - and not start with amq. (got "${raw}")`);
  }
  return raw;
}

function brokerConfig(env: Env): AppConfig['broker'] {
  const brokerUrl = url(env, 'BROKER_URL', ['amqp:', 'amqps:']);
  const queue = queueName(env, 'BROKER_QUEUE', 'n200.events');
  const prefetch = int(env, 'BROKER_PREFETCH', 32, 1, 1000);
  const changesExchange = str(env, 'BROKER_CHANGES_EXCHANGE') === undefined ? undefined : queueName(env, 'BROKER_CHANGES_EXCHANGE', '');
  const changesIntervalMs = int(env, 'BROKER_CHANGES_INTERVAL_MS', 1000, 100, 60000);
  return brokerUrl === undefined ? undefined : { url: brokerUrl, queue, prefetch, changesExchange, changesIntervalMs };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'production');
  const jwtSecret = str(env, 'AUTH_JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('AUTH_JWT_SECRET', 'must be at least 32 characters');
  }
  const jwtPublicKey = str(env, 'AUTH_JWT_PUBLIC_KEY')?.replace(/\\n/g, '\n');
  if (jwtPublicKey !== undefined) checkRsaPublicKey(jwtPublicKey);
  const dataDir = str(env, 'DATA_DIR') ?? './data';
  if (existsSync(dataDir) && !existsSync(`${dataDir}/.`)) {
    throw new ConfigError('DATA_DIR', 'must be a directory');
  }
  return {
    nodeEnv,
    host: str(env, 'HOST') ?? '0.0.0.0',
    port: int(env, 'PORT', 3000, 1, 65535),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    databaseConnectTimeoutMs: int(env, 'DATABASE_CONNECT_TIMEOUT_MS', 10000, 100, 600000),
    dataDir,
    bodyLimitBytes: size(env, 'BODY_LIMIT', 1024 * 1024),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    healthDbTimeoutMs: int(env, 'HEALTH_DB_TIMEOUT_MS', 1000, 50, 60000),
    broker: brokerConfig(env),
    auth: {
      disabled: bool(env, 'AUTH_DISABLED'),
      jwtSecret,
      jwtPublicKey,
      jwksUrl: url(env, 'AUTH_JWKS_URL', ['https:', 'http:']),
      issuer: str(env, 'AUTH_ISSUER'),
      audience: str(env, 'AUTH_AUDIENCE'),
    },
  };
}
