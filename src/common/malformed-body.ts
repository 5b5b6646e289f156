import type { AppError } from './app-error';

/**
 * A JSON body that did not parse, kept in the body's place (parseJsonBody) so that the auth guard answers
 * first: a caller without a valid token learns nothing of how the body is read (401/403 before 400). The auth
 * guard, the last step before any pipe or handler reads the body, throws its error (`throwIfMalformed`): a
 * check in the guard costs nothing, where a global interceptor wrapped every request in an Observable.
 */
export class MalformedBody {
  constructor(readonly error: AppError) {}
}

/** Throws the 400 of a body that did not parse; call it once the caller is known. */
export function throwIfMalformed(body: unknown): void {
  if (body instanceof MalformedBody) throw body.error;
}
