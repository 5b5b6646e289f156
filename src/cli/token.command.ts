import { parseArgs } from 'node:util';
import { resolveAuth } from '../auth/local-secret';
import { mintToken } from '../auth/mint-token';
import { ROLES, type Role } from '../auth/principal';
import { loadConfig } from '../config/env';
import { isForceCode } from '../hocr/forces';
import { UsageError } from './usage-error';

export const TOKEN_HELP = `Usage: npm run token -- --role ROLE --force CODE [--role ROLE ...] [--force CODE ...] [--ttl 8h] [--sub NAME]

Mints a local HS256 bearer token with the configured secret (AUTH_JWT_SECRET, or the local secret that
npm start made in DATA_DIR). Production tokens come from your identity provider instead.

  --role   one of ${ROLES.join(', ')} (repeatable)
  --force  a force code such as E23000010, or * for every force (repeatable)
  --ttl    lifetime from 1m to 30d, e.g. 30m, 8h, 7d (default 8h)
  --sub    the subject, 1-128 characters (default local-user)
  --help   this text`;

const TTL_UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
/** A token's lifetime: long enough to use, short enough that a leaked local token does not outlive a month. */
const MIN_TTL_SECONDS = 60;
const MAX_TTL_SECONDS = 30 * 86_400;

export async function tokenCommand(argv: string[]): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string', multiple: true },
      force: { type: 'string', multiple: true },
      ttl: { type: 'string', default: '8h' },
      sub: { type: 'string', default: 'local-user' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return TOKEN_HELP;
  const roles = values.role ?? [];
  const forces = values.force ?? [];
  if (roles.length === 0) throw new UsageError('--role is required', TOKEN_HELP);
  // filter(), not find(): an empty value ('') is a bad one too, and find() would answer it as falsy
  const badRole = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (badRole.length > 0) throw new UsageError(`--role ${JSON.stringify(badRole[0])} is not one of ${ROLES.join(', ')}`, TOKEN_HELP);
  if (forces.length === 0) throw new UsageError('--force is required (a force code, or *)', TOKEN_HELP);
  const badForce = forces.filter((f) => f !== '*' && !isForceCode(f));
  if (badForce.length > 0)
    throw new UsageError(`--force ${JSON.stringify(badForce[0])} is not a known force code (GET /v1/forces lists them)`, TOKEN_HELP);
  const ttl = /^(\d{1,7})([smhdw])$/.exec(values.ttl);
  const seconds = ttl ? Number(ttl[1]) * TTL_UNIT_SECONDS[ttl[2]] : NaN;
  if (!(seconds >= MIN_TTL_SECONDS && seconds <= MAX_TTL_SECONDS))
    throw new UsageError(`--ttl ${values.ttl} must be from 1m to 30d, written like 30m, 8h or 7d`, TOKEN_HELP);
  const sub = values.sub;
  if (sub.trim().length === 0 || sub.length > 128 || !sub.isWellFormed() || sub.includes('\0'))
    throw new UsageError('--sub must be 1-128 characters of text', TOKEN_HELP);
  const config = resolveAuth(loadConfig()).config;
  if (!config.auth.jwtSecret) {
    throw new UsageError('no HS256 secret is configured (AUTH_JWT_SECRET); with RS256 or JWKS, tokens come from your identity provider');
  }
  return mintToken({
    secret: config.auth.jwtSecret,
    roles: roles as Role[],
    forces: forces.includes('*') ? ['*'] : forces,
    ttl: values.ttl,
    sub,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
  });
}
