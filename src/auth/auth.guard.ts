import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../common/app-error';
import { throwIfMalformed } from '../common/malformed-body';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { canSeeForce, hasAnyRole, hasNationalScope, type Principal, type Role } from './principal';
import { TokenVerifier } from './token-verifier';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/**
 * Every route needs a verified token unless marked @Public(). Then: the route's roles (admin always
 * passes), and the force scope of a `:force` path parameter or `force=` query (`ALL` needs ["*"]). Last, a body
 * that did not parse is refused (400), so a caller without a token learns nothing of it.
 * With AUTH_DISABLED=true (`verifier` null) every caller is a national admin.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier | null,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      throwIfMalformed(req.body);
      return true;
    }
    const principal = await this.authenticate(req);
    req.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!hasAnyRole(principal, roles)) {
      throw new ForbiddenError('ROLE_FORBIDDEN', `This route needs one of the roles: ${['admin', ...roles].join(', ')}`);
    }
    const params = req.params as Record<string, unknown> | undefined;
    const query = req.query as Record<string, unknown> | undefined;
    const forces = [params?.force, query?.force].filter((f): f is string => typeof f === 'string');
    for (const force of forces) {
      const allowed = force === 'ALL' ? hasNationalScope(principal) : canSeeForce(principal, force);
      if (!allowed) throw new ForbiddenError('FORCE_FORBIDDEN', `The token does not cover force ${force}`);
    }
    // the caller is known: now a body that did not parse is a 400 (src/common/malformed-body.ts)
    throwIfMalformed(req.body);
    return true;
  }

  private authenticate(req: FastifyRequest): Promise<Principal> {
    return authenticateBearer(this.verifier, req.headers.authorization);
  }
}

/**
 * The caller of an `Authorization: Bearer <jwt>` header (an HTTP request's, or a broker message's): 401 without
 * a valid token. With AUTH_DISABLED=true (`verifier` null) every caller is a national admin.
 */
export async function authenticateBearer(verifier: TokenVerifier | null, header: unknown): Promise<Principal> {
  if (verifier === null) return { sub: 'auth-disabled', roles: ['admin'], forces: ['*'] };
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw new UnauthenticatedError();
  return verifier.verify(match[1]);
}
