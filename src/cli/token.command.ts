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
  --ttl    lifetime, e.g. 30m, 8h, 7d (default 8h)
  --sub    the subject (default local-user)
  --help   this text`;

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
  const badRole = roles.find((r) => !(ROLES as readonly string[]).includes(r));
  if (badRole) throw new UsageError(`--role ${badRole} is not one of ${ROLES.join(', ')}`, TOKEN_HELP);
  if (forces.length === 0) throw new UsageError('--force is required (a force code, or *)', TOKEN_HELP);
  const badForce = forces.find((f) => f !== '*' && !isForceCode(f));
  if (badForce) throw new UsageError(`--force ${badForce} is not a known force code (GET /v1/forces lists them)`, TOKEN_HELP);
  if (!/^\d+[smhdw]$/.test(values.ttl)) throw new UsageError(`--ttl ${values.ttl} must look like 30m, 8h or 7d`, TOKEN_HELP);
  const config = resolveAuth(loadConfig()).config;
  if (!config.auth.jwtSecret) {
    throw new UsageError('no HS256 secret is configured (AUTH_JWT_SECRET); with RS256 or JWKS, tokens come from your identity provider');
  }
  return mintToken({
    secret: config.auth.jwtSecret,
    roles: roles as Role[],
    forces: forces.includes('*') ? ['*'] : forces,
    ttl: values.ttl,
    sub: values.sub,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
  });
}
