import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createNationalTestApp, type TestApp } from '../helpers/test-app';

/**
 * Bodies built to break the parser rather than to say anything: each is a 400 naming the body, never a 500.
 * (Found by an adversarial run against the API: class-transformer recursed once a level and overflowed the
 * stack on 3,000 levels of nesting in a return submission.)
 */
let t: TestApp;
let auditor: string;
let recorder: string;
beforeAll(async () => {
  ({ t, auditor, recorder } = await createNationalTestApp());
});
afterAll(() => t?.close());

/** Sends bytes as they are on a new connection (supertest re-encodes bodies) and answers what came back. */
async function raw(
  request: Buffer | string,
): Promise<{ status: number; body: { code: string; details: { field: string; reason: string }[]; correlationId: string } }> {
  if (!t.app.getHttpServer().listening) await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let data = '';
    socket.on('data', (c: Buffer) => (data += c.toString('utf8')));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  const [head, body] = answer.split('\r\n\r\n');
  return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1]), body: JSON.parse(body) };
}

const nested = (levels: number, inner = '1') => `${'{"a":'.repeat(levels)}${inner}${'}'.repeat(levels)}`;

describe('POST /v1/returns/submissions: deeply nested bodies', () => {
  it.each([
    ['the whole body', nested(5_000)],
    ['an extra property of a valid body', `{"force":"E23000010","period":"2024-25","x":${nested(5_000)}}`],
    ['arrays', `{"force":"E23000010","period":"2024-25","x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`],
  ])('%s nested 5,000 levels deep: 400 naming the body, nothing submitted', async (_what, body) => {
    const res = await t.http
      .post('/v1/returns/submissions')
      .set('authorization', `Bearer ${auditor}`)
      .set('content-type', 'application/json')
      .send(body)
      .expect(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'body', reason: 'nests objects or arrays more than 32 levels deep' }],
    });
    const list = await t.http.get('/v1/returns/submissions').set('authorization', `Bearer ${auditor}`).expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('a body within the limit is validated as before: the unknown property is named', async () => {
    const res = await t.http
      .post('/v1/returns/submissions')
      .set('authorization', `Bearer ${auditor}`)
      .send(JSON.parse(`{"force":"E23000010","period":"2024-25","x":${nested(20)}}`))
      .expect(400);
    expect(res.body.details).toEqual([{ field: 'x', reason: 'property x should not exist' }]);
  });
});

describe('requests refused before a route: the same envelope as every other error', () => {
  it('a path that is not percent-encoded UTF-8: 400 naming the path', async () => {
    const res = await t.http.get('/v1/forces/E23000010/records/%FF').set('authorization', `Bearer ${auditor}`).expect(400);
    expect(res.body).toMatchObject({ code: 'BAD_REQUEST', details: [{ field: 'path', reason: 'is not valid percent-encoded UTF-8' }] });
    expect(res.body.correlationId).toEqual(expect.any(String));
    expect(res.body.correlationId).not.toBe('');
  });

  it('a path parameter over 100 characters: 414 naming the path, the path not echoed', async () => {
    const ref = 'R'.repeat(150);
    const res = await t.http.get(`/v1/forces/E23000010/records/${ref}`).set('authorization', `Bearer ${auditor}`).expect(414);
    expect(res.body).toMatchObject({ code: 'URI_TOO_LONG', details: [{ field: 'path' }] });
    expect(JSON.stringify(res.body)).not.toContain(ref);
  });

  it('a __proto__ key: 400 whose reason names it, not only that the body does not parse', async () => {
    const res = await t.http
      .post('/v1/events')
      .set('authorization', `Bearer ${recorder}`)
      .set('content-type', 'application/json')
      .send('{"__proto__":{"x":1}}')
      .expect(400);
    expect(res.body).toMatchObject({ code: 'MALFORMED_JSON', details: [{ field: 'body', reason: expect.stringContaining('__proto__') }] });
  });

  it('bytes that are not UTF-8: 400, not stored with U+FFFD in their place', async () => {
    const body = Buffer.concat([Buffer.from('{"eventId":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const head = `POST /v1/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer ${recorder}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const res = await raw(Buffer.concat([Buffer.from(head), body]));
    expect(res).toMatchObject({
      status: 400,
      body: { code: 'MALFORMED_JSON', details: [{ field: 'body', reason: 'is not valid UTF-8' }] },
    });
  });

  it('UTF-8 beyond ASCII is read as sent', async () => {
    const res = await t.http
      .post('/v1/events')
      .set('authorization', `Bearer ${recorder}`)
      .set('content-type', 'application/json; charset=utf-8')
      .send('{"eventId":"é–😀","type":"NOT_A_TYPE"}')
      .expect(400);
    // read, then refused by the event validator for its type alone: the eventId (UTF-8 beyond ASCII) is fine
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain('type');
    expect(res.body.details.map((d: { field: string }) => d.field)).not.toContain('eventId');
  });

  it('a compressed body: 415 naming the Content-Encoding', async () => {
    const res = await t.http
      .post('/v1/events')
      .set('authorization', `Bearer ${recorder}`)
      .set('content-type', 'application/json')
      .set('content-encoding', 'gzip')
      .send(gzipSync('{}'))
      .expect(415);
    expect(res.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: [{ field: 'content-encoding' }] });
  });

  it('malformed HTTP framing (a Content-Length that is not a number): 400 in the envelope, then the connection closes', async () => {
    const res = await raw('POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}');
    expect(res).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST', details: [{ field: 'request' }] } });
    expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an HTTP/1.1 request without Host: 400 in the envelope naming the header', async () => {
    const res = await raw('GET /health/live HTTP/1.1\r\n\r\n');
    expect(res).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST', details: [{ field: 'host' }] } });
    // HTTP/1.0 has no Host requirement
    expect((await raw('GET /health/live HTTP/1.0\r\n\r\n')).status).toBe(200);
  });

  it('an Expect the server does not do: 417 in the envelope naming the header', async () => {
    const event = JSON.stringify({ eventId: 'expect-1' });
    const res = await raw(
      `POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${recorder}\r\nExpect: 200-ok\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${event.length}\r\n\r\n${event}`,
    );
    expect(res).toMatchObject({ status: 417, body: { code: 'EXPECTATION_FAILED', details: [{ field: 'expect' }] } });
    expect(res.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('a method the path does not take: 405 with the Allow header (docs/decisions.md)', () => {
  const ENVELOPE_KEYS = ['code', 'correlationId', 'details', 'message', 'statusCode'];
  type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete' | 'options';
  const send = (method: Method, path: string) => t.http[method](path).set('authorization', `Bearer ${recorder}`);

  it.each([
    ['put', '/v1/events', 'POST'],
    ['get', '/v1/events', 'POST'],
    ['delete', '/v1/events/batch?dryRun=1', 'POST'],
    ['delete', '/v1/forces/E23000010/records/X', 'GET, HEAD'],
    ['put', '/v1/forces/E23000010/records', 'GET, HEAD'],
    ['patch', '/v1/returns/submissions', 'GET, HEAD, POST'],
    ['post', '/v1/compliance/summary', 'GET, HEAD'],
    ['options', '/v1/events', 'POST'],
    ['options', '/v1/forces', 'GET, HEAD'],
  ] as [Method, string, string][])('%s %s: 405, Allow: %s, in the envelope', async (method, path, allow) => {
    const res = await send(method, path).set('x-request-id', 'corr-405').expect(405);
    expect(res.headers.allow).toBe(allow);
    expect(Object.keys(res.body).sort()).toEqual(ENVELOPE_KEYS);
    expect(res.body).toEqual({
      statusCode: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: `This path does not take ${method.toUpperCase()}`,
      details: [{ field: 'method', reason: `must be one of ${allow}` }],
      correlationId: 'corr-405',
    });
    expect(res.headers['x-request-id']).toBe('corr-405');
  });

  it('is answered before authentication, as a 404 is, and does not echo the path', async () => {
    const res = await t.http.delete('/v1/forces/E23000010/records/SECRET-REF').expect(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(JSON.stringify(res.body)).not.toContain('SECRET-REF');
  });

  it.each([
    ['put', '/v1/nothing-here'],
    ['delete', '/v1/events/'],
    ['patch', '/V1/events'],
    ['put', '/v1/forces//records'],
    ['get', '/v1/forces//records'],
    ['options', '/v1/nothing-here'],
    ['head', '/v1/nothing-here'],
  ] as [Method, string][])('%s %s: a path no route takes stays 404', async (method, path) => {
    const res = await send(method, path).expect(404);
    expect(res.headers.allow).toBeUndefined();
    if (method !== 'head') expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('HEAD is taken wherever GET is; on a POST-only path it is a 405 with no body', async () => {
    await t.http.head('/health/live').expect(200);
    const forces = await send('head', '/v1/forces').expect(200);
    expect(forces.headers['content-type']).toMatch(/^application\/json/);
    const events = await send('head', '/v1/events').expect(405);
    expect(events.headers.allow).toBe('POST');
    expect(events.text ?? '').toBe('');
  });

  it('the methods a path takes still work', async () => {
    await send('get', '/v1/forces').expect(200);
    const res = await send('post', '/v1/events').send({}).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('OPTIONS * (the asterisk-form, about the server as a whole) stays 404', async () => {
    const res = await raw('OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(res).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });
});
