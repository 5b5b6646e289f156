import { QueryFailedError } from 'typeorm';
import { databaseUnavailableReason } from './database-unavailable';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('databaseUnavailableReason', () => {
  it.each([
    [withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'refused the connection'],
    [withCode('read ECONNRESET', 'ECONNRESET'), 'dropped the connection'],
    [withCode('connect ETIMEDOUT 10.0.0.9:5432', 'ETIMEDOUT'), 'did not answer in time'],
    [withCode('getaddrinfo ENOTFOUND db.internal', 'ENOTFOUND'), 'has a host name that does not resolve'],
    [withCode('terminating connection due to administrator command', '57P01'), 'is shutting down'],
    [withCode('the database system is starting up', '57P03'), 'is starting up or shutting down'],
    [withCode('sorry, too many clients already', '53300'), 'has no free connection slot'],
    [withCode('connection failure', '08006'), 'dropped the connection'],
    [withCode('canceling statement due to lock timeout', '55P03'), 'did not grant a lock in time'],
    [new Error('Connection terminated unexpectedly'), 'dropped the connection'],
    [new Error('Connection terminated due to connection timeout'), 'did not answer in time'],
    [new Error('timeout exceeded when trying to connect'), 'gave no connection in time'],
    [new Error('Client has encountered a connection error and is not queryable'), 'dropped the connection'],
  ])('%s is "%s"', (err, reason) => {
    expect(databaseUnavailableReason(err)).toBe(reason);
  });

  it("looks inside TypeORM's QueryFailedError and an error's cause", () => {
    const lost = new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'));
    expect(databaseUnavailableReason(lost)).toBe('dropped the connection');
    expect(databaseUnavailableReason(new Error('write failed', { cause: withCode('x', 'ECONNRESET') }))).toBe('dropped the connection');
  });

  it('is undefined for faults in a statement and for anything else', () => {
    for (const err of [
      withCode('duplicate key value violates unique constraint "events_pkey"', '23505'),
      withCode('could not serialize access', '40001'),
      withCode('canceling statement due to statement timeout', '57014'),
      new QueryFailedError('SELECT x', [], withCode('column "x" does not exist', '42703')),
      new Error('Connection to the broker terminated'),
      'ECONNREFUSED',
      null,
      undefined,
      { code: 42 },
    ]) {
      expect(databaseUnavailableReason(err)).toBeUndefined();
    }
  });
});
