import { randomUUID } from 'node:crypto';
import { type ChannelModel, type ConfirmChannel, connect, type GetMessage, type Options } from 'amqplib';
import { BrokerConsumer } from '../../src/ingestion/broker/broker-consumer';
import { BROKER_URL, brokerOrSkip } from '../helpers/broker';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { referral, rg } from '../helpers/wire-events';

/**
 * Wire events over RabbitMQ (SPEC §4; src/ingestion/broker): the real broker on 127.0.0.1:5672, a queue of
 * this run's own. Without a broker the file is skipped with a note, unless N200_REQUIRE_BROKER=1 (CI sets it,
 * and starts RabbitMQ first), where a missing broker fails it.
 */
const WYP = 'E23000010';
const GMP = 'E23000005';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

describe('events over RabbitMQ', () => {
  const queue = `n200.test.${process.pid}.${randomUUID().slice(0, 8)}`;
  let available = false;
  let t: TestApp;
  let amqp: ChannelModel;
  let channel: ConfirmChannel;
  let replyQueue: string;
  const replies = new Map<string, (reply: Reply) => void>();
  let recorder: string;

  beforeAll(async () => {
    available = await brokerOrSkip('events over RabbitMQ');
    if (!available) return;
    t = await createTestApp({ BROKER_URL, BROKER_QUEUE: queue, BROKER_PREFETCH: '8', BODY_LIMIT: '64kb' });
    await t.app.get(BrokerConsumer).started;
    recorder = await t.token('recorder', [WYP]);
    amqp = await connect(BROKER_URL);
    channel = await amqp.createConfirmChannel();
    replyQueue = (await channel.assertQueue('', { exclusive: true, autoDelete: true })).queue;
    await channel.consume(
      replyQueue,
      (msg) => {
        if (!msg) return;
        const id = msg.properties.correlationId as string;
        replies.get(id)?.({ status: Number(msg.properties.headers?.['x-status']), body: JSON.parse(msg.content.toString()) });
        replies.delete(id);
      },
      { noAck: true },
    );
  }, 60_000);

  afterAll(async () => {
    if (!available) return;
    await channel.deleteQueue(queue).catch(() => undefined);
    await channel.deleteQueue(`${queue}.dead`).catch(() => undefined);
    await amqp.close();
    await t.close();
  }, 30_000);

  /** Publishes a message with reply_to and waits for the service's answer. */
  async function send(body: unknown, options: Options.Publish & { token?: string | null } = {}): Promise<Reply> {
    const { token = recorder, ...publish } = options;
    const correlationId = randomUUID();
    const replied = new Promise<Reply>((resolve) => replies.set(correlationId, resolve));
    const content = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const headers = { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...publish.headers };
    channel.sendToQueue(queue, content, { contentType: 'application/json', ...publish, headers, correlationId, replyTo: replyQueue });
    await channel.waitForConfirms();
    return replied;
  }

  /** The next dead letter of this run's queue (polls: the service confirms it before it answers). */
  async function deadLetter(): Promise<{ message: GetMessage; body: Record<string, unknown> }> {
    for (let i = 0; i < 50; i++) {
      const got = await channel.get(`${queue}.dead`, { noAck: true });
      if (got) return { message: got, body: JSON.parse(got.content.toString()) };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no dead letter');
  }

  const ifBroker = (name: string, fn: () => Promise<void>) => it(name, async () => (available ? fn() : undefined));

  ifBroker('records a referral sent as a message, answers as POST /v1/events would, and a replay is a DUPLICATE', async () => {
    const event = referral(WYP, 'MQ-1');
    const first = await send(event);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ eventId: 'MQ-1/referral', status: 'APPLIED', record: { referralRef: 'MQ-1' } });
    expect((first.body.record as { classification: { code: string } }).classification.code).toBe('N200/01');

    const again = await send(event);
    expect(again).toMatchObject({ status: 200, body: { status: 'DUPLICATE' } });
    // one sender (the token's sub) whichever way the event comes: over HTTP it is a DUPLICATE too
    const overHttp = await t.http.post('/v1/events').set('Authorization', `Bearer ${recorder}`).send(event);
    expect(overHttp.status).toBe(200);
    expect(overHttp.body.status).toBe('DUPLICATE');
    // a replay's answer shows the record as it is now: each is in the access log, the message's by its channel
    const logged = (await t.dataSource.query(
      "SELECT channel, action, records, query FROM access_log WHERE action = 'REPLAY_ANSWERED' ORDER BY id",
    )) as { channel: string; records: string[][]; query: Record<string, string> }[];
    expect(logged).toEqual(
      ['BROKER', 'HTTP'].map((channel) => ({
        channel,
        action: 'REPLAY_ANSWERED',
        records: [[WYP, 'MQ-1']],
        query: { eventId: 'MQ-1/referral' },
      })),
    );
  });

  ifBroker('takes a batch message { events: [...] } and reclassifies the record', async () => {
    const answer = await send({ events: [referral(WYP, 'MQ-2'), rg(WYP, 'MQ-2', 'POSITIVE')] });
    expect(answer).toEqual({
      status: 200,
      body: {
        results: [
          { eventId: 'MQ-2/referral', status: 'APPLIED' },
          { eventId: 'MQ-2/RG_DECISION-POSITIVE', status: 'APPLIED' },
        ],
      },
    });
    const record = await t.http.get(`/v1/forces/${WYP}/records/MQ-2`).set('Authorization', `Bearer ${recorder}`);
    expect(record.body.classification).toMatchObject({ code: '106', rule: 'RG_POSITIVE_EW' });
  });

  ifBroker('acknowledges a message without reply_to once its events are written', async () => {
    channel.sendToQueue(queue, Buffer.from(JSON.stringify(referral(WYP, 'MQ-3'))), {
      contentType: 'application/json',
      headers: { authorization: `Bearer ${recorder}` },
    });
    await channel.waitForConfirms();
    let status = 404;
    for (let i = 0; i < 50 && status === 404; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await t.http.get(`/v1/forces/${WYP}/records/MQ-3`).set('Authorization', `Bearer ${recorder}`)).status;
    }
    expect(status).toBe(200);
    for (let i = 0; i < 50; i++) {
      const { messageCount } = await channel.checkQueue(queue);
      if (messageCount === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await channel.checkQueue(queue)).messageCount).toBe(0);
  });

  ifBroker('refuses a malformed event for good: 400 naming the field, a dead letter without its content, nothing written', async () => {
    const event = referral(WYP, 'MQ-SECRET-REF-4471', { exploitationLocation: 'MARS' });
    const answer = await send(event, { messageId: 'msg-4471' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(answer.body.details).toEqual([expect.objectContaining({ field: 'exploitationLocation' })]);

    const dead = await deadLetter();
    expect(dead.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
      eventIds: ['MQ-SECRET-REF-4471/referral'],
      messageId: 'msg-4471',
    });
    expect(dead.message.properties.headers?.['x-status']).toBe(400);
    expect(dead.message.content.toString()).not.toContain('Leeds City Council');
    const record = await t.http.get(`/v1/forces/${WYP}/records/MQ-SECRET-REF-4471`).set('Authorization', `Bearer ${recorder}`);
    expect(record.status).toBe(404);
  });

  ifBroker(
    'refuses what the HTTP API refuses: no token 401, a token for another force or without the role 403, a changed replay 409',
    async () => {
      const event = referral(WYP, 'MQ-5');
      expect(await send(event, { token: null })).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
      expect(await send(event, { token: 'not-a-jwt' })).toMatchObject({ status: 401 });
      expect(await send(event, { token: await t.token('recorder', [GMP]) })).toMatchObject({
        status: 403,
        body: { code: 'FORCE_FORBIDDEN' },
      });
      expect(await send(event, { token: await t.token('auditor', [WYP]) })).toMatchObject({
        status: 403,
        body: { code: 'ROLE_FORBIDDEN' },
      });
      for (let i = 0; i < 4; i++) await deadLetter();

      expect((await send(event)).status).toBe(201);
      const changed = await send({ ...event, exploitationLocation: 'OVERSEAS' });
      expect(changed).toMatchObject({ status: 409, body: { code: 'EVENT_CONFLICT' } });
      await deadLetter();
    },
  );

  ifBroker('refuses a body that is not JSON (400), another content type or an encoding (415), and one over BODY_LIMIT (413)', async () => {
    expect(await send(Buffer.from('{"eventId":'))).toMatchObject({ status: 400, body: { code: 'MALFORMED_JSON' } });
    expect(await send(Buffer.from([0x7b, 0xff, 0x7d]))).toMatchObject({
      status: 400,
      body: { details: [{ field: 'body', reason: 'is not valid UTF-8' }] },
    });
    expect(await send(referral(WYP, 'MQ-6'), { contentType: 'text/plain' })).toMatchObject({
      status: 415,
      body: { details: [{ field: 'content_type', reason: 'must be application/json' }] },
    });
    expect(await send(referral(WYP, 'MQ-6'), { contentEncoding: 'gzip' })).toMatchObject({ status: 415 });
    const big = referral(WYP, 'MQ-6', { padding: 'x'.repeat(70 * 1024) });
    expect(await send(big)).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    for (let i = 0; i < 5; i++) await deadLetter();
    const record = await t.http.get(`/v1/forces/${WYP}/records/MQ-6`).set('Authorization', `Bearer ${recorder}`);
    expect(record.status).toBe(404);
  });

  ifBroker('puts a message back when the write fails for a passing reason, and writes it once the database takes it', async () => {
    // a stand-in for the database being away: inserts of this referral's events raise, until the trigger goes
    await t.dataSource.query(`CREATE FUNCTION n200_test_away() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the database is away (test)'; END $$`);
    await t.dataSource.query(`CREATE TRIGGER n200_test_away BEFORE INSERT ON events FOR EACH ROW
      WHEN (NEW.referral_ref = 'MQ-7') EXECUTE FUNCTION n200_test_away()`);
    const answered = send(referral(WYP, 'MQ-7'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const during = await t.http.get(`/v1/forces/${WYP}/records/MQ-7`).set('Authorization', `Bearer ${recorder}`);
    expect(during.status).toBe(404);
    await t.dataSource.query('DROP TRIGGER n200_test_away ON events');
    await t.dataSource.query('DROP FUNCTION n200_test_away()');
    // the first pause is 0.5 s, then 1 s, ...: the answer comes from a later delivery, applied once
    expect(await answered).toMatchObject({ status: 201, body: { status: 'APPLIED' } });
    const after = await t.http.get(`/v1/forces/${WYP}/records/MQ-7`).set('Authorization', `Bearer ${recorder}`);
    expect(after.status).toBe(200);
    expect((await channel.checkQueue(`${queue}.dead`)).messageCount).toBe(0);
  });

  ifBroker('declares the queue as a quorum queue that dead-letters to <queue>.dead', async () => {
    // declaring it again with the same arguments succeeds; with others RabbitMQ refuses (PRECONDITION_FAILED)
    const probe = await amqp.createChannel();
    probe.on('error', () => undefined);
    await expect(
      probe.assertQueue(queue, {
        durable: true,
        arguments: {
          'x-queue-type': 'quorum',
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': `${queue}.dead`,
          'x-delivery-limit': 10,
        },
      }),
    ).resolves.toMatchObject({ queue });
    await expect(probe.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'classic' } })).rejects.toThrow(
      /PRECONDITION_FAILED/,
    );
  });
});
