import { AppError } from '../../common/app-error';
import { redactedUrl } from './broker-consumer';
import { eventIdsOf, readBrokerMessage, refusalEnvelope } from './broker-message';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const message = (content: Buffer, properties: Record<string, unknown> = {}) => ({ content, properties });

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('not refused');
}

describe('readBrokerMessage', () => {
  it('reads one event, or a batch { events }, and the authorization header', () => {
    const one = readBrokerMessage(message(json({ eventId: 'e1' }), { headers: { authorization: 'Bearer t' } }), 1024);
    expect(one).toEqual({ authorization: 'Bearer t', body: { eventId: 'e1' }, batch: false });
    const batch = readBrokerMessage(message(json({ events: [] }), { contentType: 'application/json; charset=utf-8' }), 1024);
    expect(batch).toEqual({ authorization: undefined, body: { events: [] }, batch: true });
    expect(readBrokerMessage(message(json([{ events: 1 }])), 1024).batch).toBe(false);
  });

  it.each([
    ['another content type', message(json({}), { contentType: 'text/plain' }), 415, 'content_type'],
    ['a JSON-like content type', message(json({}), { contentType: 'application/jsonx' }), 415, 'content_type'],
    ['an encoding', message(json({}), { contentEncoding: 'gzip' }), 415, 'content_encoding'],
    ['a body over the limit', message(Buffer.alloc(1025, 0x20)), 413, 'body'],
    ['an empty body', message(Buffer.alloc(0)), 400, 'body'],
    ['bytes that are not UTF-8', message(Buffer.from([0x22, 0xc3, 0x22])), 400, 'body'],
    ['a prototype key', message(Buffer.from('{"__proto__":{"x":1}}')), 400, 'body'],
    ['text that is not JSON', message(Buffer.from('eventId=1')), 400, 'body'],
  ])('refuses %s as the HTTP API would', (_name, msg, status, field) => {
    const err = refusal(() => readBrokerMessage(msg, 1024));
    expect(err.status).toBe(status);
    expect(err.details[0].field).toBe(field);
  });

  it('takes identity as no encoding', () => {
    expect(readBrokerMessage(message(json({ a: 1 }), { contentEncoding: 'identity' }), 1024).body).toEqual({ a: 1 });
  });
});

describe('eventIdsOf', () => {
  it('names the event ids of one event or a batch, and nothing else of them', () => {
    expect(eventIdsOf(json({ eventId: 'a', referralRef: 'secret' }))).toEqual(['a']);
    expect(eventIdsOf(json({ events: [{ eventId: 'a' }, { eventId: 7 }, null, { eventId: 'x'.repeat(129) }, { eventId: 'b' }] }))).toEqual([
      'a',
      'b',
    ]);
    expect(eventIdsOf(Buffer.from('not json'))).toEqual([]);
    expect(eventIdsOf(json('a string'))).toEqual([]);
  });
});

describe('refusalEnvelope', () => {
  it('is the HTTP error envelope', () => {
    const err = new AppError(400, 'VALIDATION_FAILED', 'bad', [{ field: 'type', reason: 'is required' }]);
    expect(refusalEnvelope(err, 'c-1')).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'bad',
      details: [{ field: 'type', reason: 'is required' }],
      correlationId: 'c-1',
    });
  });
});

describe('redactedUrl', () => {
  it('never shows the password', () => {
    expect(redactedUrl('amqp://n200:hunter2@mq.internal:5672/forces')).toBe('amqp://n200:***@mq.internal:5672/forces');
    expect(redactedUrl('amqp://127.0.0.1')).toBe('amqp://127.0.0.1');
  });
});
