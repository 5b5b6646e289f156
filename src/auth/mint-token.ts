import { SignJWT } from 'jose';
import type { Role } from './principal';

export interface MintOptions {
  secret: string;
  roles: Role[];
  forces: string[];
  sub?: string;
  /** Lifetime such as '8h', '30m', '7d' (jose syntax). */
  ttl?: string;
  issuer?: string;
  audience?: string;
}

/** An HS256 token for local use and tests; production tokens come from the force's identity provider. */
export function mintToken(o: MintOptions): Promise<string> {
  let jwt = new SignJWT({ roles: o.roles, forces: o.forces })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(o.sub ?? 'local-user')
    .setIssuedAt()
    .setExpirationTime(o.ttl ?? '8h');
  if (o.issuer) jwt = jwt.setIssuer(o.issuer);
  if (o.audience) jwt = jwt.setAudience(o.audience);
  return jwt.sign(new TextEncoder().encode(o.secret));
}
