import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { createTestApp, TEST_SECRET, type TestApp } from '../helpers/test-app';

const ENVELOPE_KEYS = ['code', 'correlationId', 'details', 'message', 'statusCode'];

describe('service foundation (HTTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT: '64kb' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('health', () => {
    it('answers live and ready without a token', async () => {
      await t.http.get('/health/live').expect(200, { status: 'ok' });
      const ready = await t.http.get('/health/ready').expect(200);
      expect(ready.body.details.database.status).toBe('up');
    });
  });

  describe('docs', () => {
    it('serves the OpenAPI document and the UI', async () => {
      const json = await t.http.get('/docs-json').expect(200);
      expect(json.body.openapi).toMatch(/^3\./);
      expect(Object.keys(json.body.paths)).toContain('/v1/forces');
      const ui = await t.http.get('/docs').expect(200);
      expect(ui.text).toContain('swagger');
    });

    it('matches the committed openapi.json (run npm run openapi after changing the API)', async () => {
      const json = await t.http.get('/docs-json').expect(200);
      const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'));
      expect(json.body).toEqual(committed);
    });
  });

  describe('error envelope', () => {
    it('answers an unknown route with 404 in the envelope, with the correlation id echoed', async () => {
      const res = await t.http.get('/v1/nothing-here').set('x-request-id', 'corr-123').expect(404);
      expect(Object.keys(res.body).sort()).toEqual(ENVELOPE_KEYS);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', correlationId: 'corr-123' });
      expect(res.headers['x-request-id']).toBe('corr-123');
    });

    it('makes a correlation id when none (or a malformed one) is given', async () => {
      const res = await t.http.get('/v1/nothing-here').set('x-request-id', 'bad id with spaces').expect(404);
      expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers['x-request-id']).toBe(res.body.correlationId);
    });

    it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
      const token = await t.token('recorder');
      const res = await t.http
        .post('/v1/events')
        .set('authorization', `Bearer ${token}`)
        .set('content-type', 'application/json')
        .send('{"eventId": ')
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_JSON' });
      expect(res.body.details[0].field).toBe('body');
    });

    it('asks for a token before it reads the body: 401 without one, 403 without the role, then 400', async () => {
      const bad = (req: ReturnType<typeof t.http.post>) => req.set('content-type', 'application/json').send('{"eventId": ');
      const none = await bad(t.http.post('/v1/events'));
      expect(none.status).toBe(401);
      expect(none.body.code).not.toBe('MALFORMED_JSON');
      const auditor = await t.token('auditor');
      expect((await bad(t.http.post('/v1/events').set('authorization', `Bearer ${auditor}`))).status).toBe(403);
      const recorder = await t.token('recorder');
      const res = await bad(t.http.post('/v1/events').set('authorization', `Bearer ${recorder}`));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'MALFORMED_JSON', details: [{ field: 'body', reason: 'does not parse as JSON' }] });
    });

    it('answers a body past the limit with 413', async () => {
      const token = await t.token('recorder');
      const big = JSON.stringify({ eventId: 'x', padding: 'a'.repeat(70 * 1024) });
      const res = await t.http
        .post('/v1/events')
        .set('authorization', `Bearer ${token}`)
        .set('content-type', 'application/json')
        .send(big)
        .expect(413);
      expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('answers a body that is not JSON with 415', async () => {
      const token = await t.token('recorder');
      for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
        const res = await t.http
          .post('/v1/events')
          .set('authorization', `Bearer ${token}`)
          .set('content-type', type)
          .send('eventId=1')
          .expect(415);
        expect(res.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      }
    });

    it('answers validation failures with 400 naming the field', async () => {
      const token = await t.token('recorder');
      const res = await t.http.post('/v1/events').set('authorization', `Bearer ${token}`).send({ type: 'REFERRAL_RECEIVED' }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['eventId', 'force', 'referralRef']));
    });
  });

  describe('auth', () => {
    const forcesUrl = '/v1/forces';

    it('refuses a request without a token with 401 in the envelope', async () => {
      const res = await t.http.get(forcesUrl).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('refuses an expired token', async () => {
      const token = await new SignJWT({ roles: ['recorder'], forces: ['E23000010'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .sign(new TextEncoder().encode(TEST_SECRET));
      const res = await t.http.get(forcesUrl).set('authorization', `Bearer ${token}`).expect(401);
      expect(res.body.message).toMatch(/expired/);
    });

    it('refuses a token without exp', async () => {
      const token = await new SignJWT({ roles: ['recorder'], forces: ['E23000010'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u')
        .sign(new TextEncoder().encode(TEST_SECRET));
      await t.http.get(forcesUrl).set('authorization', `Bearer ${token}`).expect(401);
    });

    it('refuses a token signed with another secret', async () => {
      const token = await new SignJWT({ roles: ['recorder'], forces: ['E23000010'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u')
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
      await t.http.get(forcesUrl).set('authorization', `Bearer ${token}`).expect(401);
    });

    it('refuses an unsigned token (alg: none)', async () => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'u', roles: ['admin'], forces: ['*'], exp: Math.floor(Date.now() / 1000) + 600 })}.`;
      await t.http.get(forcesUrl).set('authorization', `Bearer ${token}`).expect(401);
    });

    it('refuses an RS256 token when only an HS256 secret is configured (no algorithm confusion)', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const token = await new SignJWT({ roles: ['admin'], forces: ['*'] })
        .setProtectedHeader({ alg: 'RS256' })
        .setSubject('u')
        .setExpirationTime('5m')
        .sign(privateKey);
      await t.http.get(forcesUrl).set('authorization', `Bearer ${token}`).expect(401);
    });

    it('refuses a token with unknown roles or forces', async () => {
      const bad = await new SignJWT({ roles: ['superuser'], forces: ['E23000010'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u')
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(TEST_SECRET));
      await t.http.get(forcesUrl).set('authorization', `Bearer ${bad}`).expect(401);
      const badForce = await t.token('recorder', 'E99999999');
      await t.http.get(forcesUrl).set('authorization', `Bearer ${badForce}`).expect(401);
    });

    it('refuses a role the route does not allow with 403', async () => {
      const spoc = await t.token('spoc');
      const res = await t.http.post('/v1/events').set('authorization', `Bearer ${spoc}`).send({}).expect(403);
      expect(res.body.code).toBe('ROLE_FORBIDDEN');
    });

    it('refuses another force with 403', async () => {
      const token = await t.token('recorder', 'E23000010');
      const res = await t.http.get('/v1/forces/E23000001/records').set('authorization', `Bearer ${token}`).expect(403);
      expect(res.body.code).toBe('FORCE_FORBIDDEN');
    });
  });

  describe('GET /v1/forces', () => {
    it('lists the 44 forces to a recorder of one force', async () => {
      const token = await t.token('recorder', 'E23000010');
      const res = await t.http.get('/v1/forces').set('authorization', `Bearer ${token}`).expect(200);
      expect(res.body).toHaveLength(44);
      expect(res.body).toContainEqual({ code: 'E23000010', name: 'West Yorkshire Police', country: 'England' });
      expect(res.body).toContainEqual({ code: 'BTP', name: 'British Transport Police', country: 'England and Wales' });
      expect(res.body.filter((f: { country: string }) => f.country === 'Wales')).toHaveLength(4);
    });
  });
});
