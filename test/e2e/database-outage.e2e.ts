import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { mintToken } from '../../src/auth/mint-token';
import { loadConfig } from '../../src/config/env';
import { DATABASE_RETRY_AFTER_SECONDS } from '../../src/common/all-exceptions.filter';
import { TcpProxy } from '../helpers/tcp-proxy';
import { TEST_SECRET } from '../helpers/test-app';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { referral, rg } from '../helpers/wire-events';

/**
 * The database server goes away and comes back (src/common/database-unavailable.ts): every request answers
 * 503 DATABASE_UNAVAILABLE with Retry-After and the reason, never a 500, nothing is partly written, and the
 * service serves again without a restart. The service reaches the server through a relay the test cuts.
 * PostgreSQL server only: the embedded database has no connection to lose.
 */
const WY = 'E23000010';
const server = process.env.TEST_DATABASE_URL;
const CONNECT_TIMEOUT_MS = 1500;

(server ? describe : describe.skip)('the database server unavailable', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let app: NestFastifyApplication;
  let http: ReturnType<typeof request>;
  let recorder: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const direct = new URL(db.target.url!);
    proxy = new TcpProxy(direct.hostname, Number(direct.port || 5432));
    await proxy.open();
    const relayed = new URL(direct.toString());
    relayed.hostname = '127.0.0.1';
    relayed.port = String(proxy.port);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', AUTH_JWT_SECRET: TEST_SECRET });
    app = await createApp({ config, database: { url: relayed.toString(), poolSize: 4, connectTimeoutMs: CONNECT_TIMEOUT_MS } });
    http = request(app.getHttpServer());
    recorder = await mintToken({ secret: TEST_SECRET, roles: ['recorder', 'auditor'], forces: [WY], ttl: '10m' });
  }, 60_000);

  afterAll(async () => {
    await proxy.open().catch(() => undefined); // so the pool can close cleanly
    await app?.close();
    await proxy?.cut();
    await db?.drop();
  }, 30_000);

  const post = (body: object) => http.post('/v1/events').set('authorization', `Bearer ${recorder}`).send(body);
  const get = (path: string) => http.get(path).set('authorization', `Bearer ${recorder}`);

  function expectUnavailable(res: request.Response, reasons: string[]): void {
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(res.headers['retry-after']).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    expect(res.body.details).toHaveLength(1);
    expect(res.body.details[0].field).toBe('database');
    expect(reasons).toContain(res.body.details[0].reason);
    expect(res.body.correlationId).toEqual(expect.any(String));
  }

  it('cut: writes and reads answer 503 with Retry-After; back: the service serves again and nothing was partly written', async () => {
    await post(referral(WY, 'OUT-1')).expect(201);
    await get(`/v1/forces/${WY}/records/OUT-1`).expect(200);

    await proxy.cut();
    // the pool's connections are cut under it, then new ones are refused
    const refusedOrLost = ['dropped the connection', 'refused the connection'];
    expectUnavailable(await post(rg(WY, 'OUT-1', 'POSITIVE')), refusedOrLost);
    expectUnavailable(await post(referral(WY, 'OUT-2')), refusedOrLost);
    expectUnavailable(
      await http
        .post('/v1/events/batch')
        .set('authorization', `Bearer ${recorder}`)
        .send({ events: [referral(WY, 'OUT-3')] }),
      refusedOrLost,
    );
    expectUnavailable(await get(`/v1/forces/${WY}/records/OUT-1`), refusedOrLost);
    expectUnavailable(await get(`/v1/forces/${WY}/records`), refusedOrLost);
    expectUnavailable(await get(`/v1/compliance/findings?force=${WY}`), refusedOrLost);
    expectUnavailable(await get(`/v1/returns?force=${WY}&period=2024-25`), refusedOrLost);
    // readiness says so too, in its own terms
    const ready = await http.get('/health/ready');
    expect({ status: ready.status, code: ready.body.code }).toEqual({ status: 503, code: 'UNAVAILABLE' });
    // bad input is still answered as bad input: it never reaches the database
    const bad = await post({ ...referral(WY, 'OUT-4'), force: 'nowhere' });
    expect(bad.status).toBe(400);

    await proxy.open();
    // the events sent while it was away were not written: sent again, they are APPLIED, not DUPLICATE
    const again = await post(rg(WY, 'OUT-1', 'POSITIVE'));
    expect({ status: again.status, result: again.body.status }).toEqual({ status: 201, result: 'APPLIED' });
    expect((await post(referral(WY, 'OUT-2'))).status).toBe(201);
    const first = await post(referral(WY, 'OUT-1'));
    expect({ status: first.status, result: first.body.status }).toEqual({ status: 200, result: 'DUPLICATE' });
    const record = await get(`/v1/forces/${WY}/records/OUT-1`).expect(200);
    expect(record.body.classification.code).toBe('106'); // the positive RG applied: a confirmed modern slavery crime
    await get(`/v1/forces/${WY}/records/OUT-3`).expect(404);
  }, 60_000);

  it('a server that accepts and never answers: 503 after DATABASE_CONNECT_TIMEOUT_MS, not a request that hangs', async () => {
    await proxy.cut();
    await proxy.open({ silent: true });
    const started = Date.now();
    const res = await get(`/v1/forces/${WY}/records/OUT-1`);
    const took = Date.now() - started;
    expectUnavailable(res, ['did not answer in time', 'gave no connection in time']);
    expect(took).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 100);
    await proxy.cut();
    await proxy.open();
    await get(`/v1/forces/${WY}/records/OUT-1`).expect(200);
  }, 60_000);
});
