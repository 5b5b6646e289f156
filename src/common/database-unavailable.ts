/**
 * Errors that say the database server could not be reached or dropped the connection, as opposed to a fault
 * in a statement. They are answered 503 with Retry-After (src/common/all-exceptions.filter.ts) and the broker
 * puts the message back on its queue: the request can be sent again once the server is back, and an event
 * sent again is answered DUPLICATE if its first sending was applied after all (a connection lost during
 * COMMIT leaves that unknown to the service).
 *
 * node-postgres reports a refused or reset socket by its errno code, a server going down by SQLSTATE (class
 * 08, 57P01-57P03, 53300), and a socket that closed under it or a pool that gave no client in time only by
 * message; TypeORM wraps a failed query's error in `driverError`.
 */

/** errno codes of a socket that could not connect or was cut. */
const SOCKET_REASONS: Record<string, string> = {
  ECONNREFUSED: 'refused the connection',
  ECONNRESET: 'dropped the connection',
  EPIPE: 'dropped the connection',
  ETIMEDOUT: 'did not answer in time',
  EHOSTUNREACH: 'is unreachable',
  ENETUNREACH: 'is unreachable',
  ENOTFOUND: 'has a host name that does not resolve',
  EAI_AGAIN: 'has a host name that does not resolve',
};

/** SQLSTATEs of a server that is going down, starting up or full, or a lock it did not grant in time. */
const SQLSTATE_REASONS: Record<string, string> = {
  '57P01': 'is shutting down',
  '57P02': 'is shutting down',
  '57P03': 'is starting up or shutting down',
  '53300': 'has no free connection slot',
  // lock_timeout: set on the access log's insert only (migration 1763841400000)
  '55P03': 'did not grant a lock in time',
};

/** node-postgres's own messages, which carry no code. */
const MESSAGE_REASONS: [RegExp, string][] = [
  [/^Connection terminated due to connection timeout$/, 'did not answer in time'],
  [/^Connection terminated/, 'dropped the connection'],
  [/^timeout exceeded when trying to connect$/, 'gave no connection in time'],
  [/is not queryable$/, 'dropped the connection'],
];

function reasonOf(err: unknown): string | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (SOCKET_REASONS[code]) return SOCKET_REASONS[code];
    if (SQLSTATE_REASONS[code]) return SQLSTATE_REASONS[code];
    // class 08: connection exception (08000, 08003, 08006, 08001, 08004, 08P01)
    if (/^08[0-9A-Z]{3}$/.test(code)) return 'dropped the connection';
  }
  const message = (err as { message?: unknown }).message;
  if (typeof message === 'string') {
    for (const [pattern, reason] of MESSAGE_REASONS) if (pattern.test(message)) return reason;
  }
  return undefined;
}

/**
 * Why the database did not answer, in words fit for an answer (no host, port or statement), or undefined when
 * `err` is not a lost or refused connection. Looks through TypeORM's `driverError` and an error's `cause`.
 */
export function databaseUnavailableReason(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth++) {
    const reason = reasonOf(e);
    if (reason) return reason;
    const inner = e as { driverError?: unknown; cause?: unknown };
    e = inner.driverError ?? inner.cause;
  }
  return undefined;
}
