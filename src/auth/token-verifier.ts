import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  importSPKI,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type CryptoKey,
} from 'jose';
import { isForceCode } from '../hocr/forces';
import type { AppConfig } from '../config/env';
import { UnauthenticatedError } from '../common/app-error';
import { isWellFormedText } from '../common/wire-values';
import { ROLES, type Principal, type Role } from './principal';

/** JWS algorithm names (RFC 7518) a refusal may name: any other header value is not echoed. */
const KNOWN_ALGS: ReadonlySet<unknown> = new Set([
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'none',
]);

type KeySource = Uint8Array | CryptoKey | JWTVerifyGetKey;

/** The longest `sub` a token may carry (the access log's `actor` filter takes as many). */
export const MAX_SUB_LENGTH = 200;

/** How many verified tokens are remembered, and for how long at most (a JWKS key may be withdrawn). */
const CACHE_SIZE = 1_000;
const CACHE_TTL_MS = 60_000;

/**
 * Verifies bearer JWTs with jose: HS256 with the shared secret (local use), RS256 with a PEM public key
 * or a JWKS URL (production). The algorithm list is fixed per key, so `alg: none` and algorithm
 * confusion are refused; `exp` and `sub` are required; `iss`/`aud` are checked when configured.
 */
export class TokenVerifier {
  /**
   * Tokens already verified, by their exact text (signature included), until the sooner of their `exp`
   * and a minute: a client sends the same token with every request, and an HMAC or RSA check per request
   * was a tenth of the service's CPU on single events (docs/benchmarks.md). Bounded, oldest out first.
   */
  private readonly verified = new Map<string, { principal: Principal; until: number }>();

  private constructor(
    private readonly keys: Partial<Record<'HS256' | 'RS256', KeySource>>,
    private readonly issuer?: string,
    private readonly audience?: string,
  ) {}

  static async create(auth: AppConfig['auth']): Promise<TokenVerifier> {
    const keys: Partial<Record<'HS256' | 'RS256', KeySource>> = {};
    if (auth.jwtSecret) keys.HS256 = new TextEncoder().encode(auth.jwtSecret);
    if (auth.jwtPublicKey) keys.RS256 = await importSPKI(auth.jwtPublicKey, 'RS256');
    else if (auth.jwksUrl) keys.RS256 = createRemoteJWKSet(new URL(auth.jwksUrl));
    return new TokenVerifier(keys, auth.issuer, auth.audience);
  }

  async verify(token: string): Promise<Principal> {
    const cached = this.verified.get(token);
    if (cached) {
      if (Date.now() < cached.until) return cached.principal;
      this.verified.delete(token);
    }
    const { principal, exp } = await this.verifyFully(token);
    if (this.verified.size >= CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { principal, until: Math.min(exp * 1000, Date.now() + CACHE_TTL_MS) });
    return principal;
  }

  private async verifyFully(token: string): Promise<{ principal: Principal; exp: number }> {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new UnauthenticatedError('The bearer token is malformed');
    }
    const key = alg === 'HS256' || alg === 'RS256' ? this.keys[alg] : undefined;
    // The header is the sender's text, not yet verified: only a name this service knows is echoed back.
    if (!key) throw new UnauthenticatedError(`Tokens signed with ${KNOWN_ALGS.has(alg) ? alg : 'that algorithm'} are not accepted`);
    let payload: JWTPayload;
    try {
      const opts = { algorithms: [alg as string], issuer: this.issuer, audience: this.audience, requiredClaims: ['exp', 'sub'] };
      payload = (typeof key === 'function' ? await jwtVerify(token, key, opts) : await jwtVerify(token, key, opts)).payload;
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new UnauthenticatedError(code === 'ERR_JWT_EXPIRED' ? 'The bearer token has expired' : 'The bearer token is not valid');
    }
    return { principal: principalFromClaims(payload), exp: payload.exp as number };
  }
}

export function principalFromClaims(payload: JWTPayload): Principal {
  const roles = payload.roles;
  const forces = payload.forces;
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => (ROLES as readonly unknown[]).includes(r))) {
    throw new UnauthenticatedError(`The token's roles claim must list roles from ${ROLES.join(', ')}`);
  }
  const forcesOk =
    Array.isArray(forces) &&
    forces.length > 0 &&
    (forces.every((f) => typeof f === 'string' && isForceCode(f)) || (forces.length === 1 && forces[0] === '*'));
  if (!forcesOk) {
    throw new UnauthenticatedError('The token\'s forces claim must list force codes, or ["*"]');
  }
  // the sub is stored (events' sender, the access log's actor): text PostgreSQL can hold, of a searchable length
  if (
    typeof payload.sub !== 'string' ||
    payload.sub.length === 0 ||
    payload.sub.length > MAX_SUB_LENGTH ||
    !isWellFormedText(payload.sub)
  ) {
    throw new UnauthenticatedError(`The token's sub claim must be well-formed text of 1 to ${MAX_SUB_LENGTH} characters`);
  }
  return { sub: payload.sub, roles: roles as Role[], forces: forces as string[] };
}
