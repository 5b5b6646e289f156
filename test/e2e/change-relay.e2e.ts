import { randomUUID } from 'node:crypto';
import { type ChannelModel, type Channel, connect, type ConsumeMessage } from 'amqplib';
import { CONFIRM_TIMEOUT_MS, ChangeRelay } from '../../src/records/change-relay';
import { BROKER_URL, brokerOrSkip } from '../helpers/broker';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { referral, rg } from '../helpers/wire-events';

/**
 * Classification changes out to RabbitMQ (src/records/change-relay.ts): each record whose classification changed
 * is published once to the topic exchange, routed by force, after its window settled; the window's end is stored
 * only after the broker confirmed; each window is in the access log. The relay's timer is slowed down and its
 * turns are taken by the test, so what each turn publishes is exact.
 */
const WY = 'E23000010';
const NY = 'E23000012';

describe('classification changes out to RabbitMQ', () => {
  const exchange = `n200.test.changes.${process.pid}.${randomUUID().slice(0, 8)}`;
  let available = false;
  let t: TestApp;
  let relay: ChangeRelay;
  let amqp: ChannelModel;
  let channel: Channel;
  const received: ConsumeMessage[] = [];
  let recorder: string;

  beforeAll(async () => {
    available = await brokerOrSkip('classification changes out to RabbitMQ');
    if (!available) return;
    t = await createTestApp({
      BROKER_URL,
      BROKER_QUEUE: `${exchange}.in`,
      BROKER_CHANGES_EXCHANGE: exchange,
      BROKER_CHANGES_INTERVAL_MS: '60000',
    });
    relay = t.app.get(ChangeRelay);
    recorder = await t.token('recorder', [WY, NY]);
    amqp = await connect(BROKER_URL);
    channel = await amqp.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, '#');
    await channel.consume(queue, (msg) => msg && received.push(msg), { noAck: true });
    // the relay's channel is up once a turn can publish
    for (let i = 0; i < 100 && !(relay as unknown as { channel?: unknown }).channel; i++) await new Promise((r) => setTimeout(r, 50));
  }, 60_000);

  afterAll(async () => {
    if (!available) return;
    await channel.deleteExchange(exchange).catch(() => undefined);
    await channel.deleteQueue(`${exchange}.in`).catch(() => undefined);
    await channel.deleteQueue(`${exchange}.in.dead`).catch(() => undefined);
    await amqp.close();
    await t.close();
  }, 30_000);

  const ifBroker = (name: string, fn: () => Promise<void>) => it(name, async () => (available ? fn() : undefined));
  const send = (...events: object[]) =>
    t.http.post('/v1/events/batch').set('authorization', `Bearer ${recorder}`).send({ events }).expect(200);

  /** The messages received since `from`, once the broker has delivered them (they are confirmed before). */
  async function messagesFrom(from: number, expected: number) {
    for (let i = 0; i < 100 && received.length < from + expected; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100)); // and no more than that
    return received
      .slice(from)
      .map((m) => ({ routingKey: m.fields.routingKey, messageId: m.properties.messageId, body: JSON.parse(m.content.toString()) }));
  }

  const publishedUntil = async () => (await t.dataSource.query('SELECT published_until FROM change_relay'))[0].published_until as Date;

  ifBroker('publishes each changed record once per window, routed by force, and stores the window end after the confirms', async () => {
    await send(referral(WY, 'RL-A'), referral(WY, 'RL-B'), rg(WY, 'RL-B', 'POSITIVE'), referral(NY, 'RL-N'));
    const before = await publishedUntil();
    expect(await relay.publishNext()).toBe(true);
    const first = await messagesFrom(0, 3);
    expect(first.map((m) => [m.routingKey, m.body.referralRef, m.body.from, m.body.to.code])).toEqual([
      [WY, 'RL-A', null, 'N200/01'],
      [WY, 'RL-B', null, '106'],
      [NY, 'RL-N', null, 'N200/01'],
    ]);
    expect(first[1].body).toMatchObject({
      force: WY,
      to: { status: 'OPEN', rule: 'RG_POSITIVE_EW', causedBy: 'RL-B/RG_DECISION-POSITIVE' },
    });
    expect(first[1].body).not.toHaveProperty('id');
    expect(first[1].messageId).toBe(`${WY}/RL-B/${first[1].body.learnedAt}`);
    expect((await publishedUntil()).getTime()).toBeGreaterThan(before.getTime());

    // nothing new: nothing published
    await relay.publishNext();
    expect(await messagesFrom(3, 0)).toEqual([]);

    // a move is published from what it was to what it is; an event that moves nothing is not
    await send(rg(WY, 'RL-A', 'NEGATIVE'), { ...referral(WY, 'RL-B'), eventId: 'RL-B/again' });
    await relay.publishNext();
    const second = await messagesFrom(3, 1);
    expect(second.map((m) => [m.body.referralRef, m.body.from, m.body.to.code])).toEqual([
      ['RL-A', { status: 'OPEN', code: 'N200/01' }, 'N200/02'],
    ]);

    // each published window is in the access log, as the broker's disclosure
    const logged = await t.dataSource.query("SELECT actor, channel, records FROM access_log WHERE action = 'CHANGES_LISTED' ORDER BY id");
    expect(logged).toEqual([
      {
        actor: 'change-relay',
        channel: 'BROKER',
        records: [
          [WY, 'RL-A'],
          [WY, 'RL-B'],
          [NY, 'RL-N'],
        ],
      },
      { actor: 'change-relay', channel: 'BROKER', records: [[WY, 'RL-A']] },
    ]);
  });

  ifBroker('a broker that never confirms fails the turn after the timeout: the connection is not held', async () => {
    await send(referral(WY, 'RL-H'));
    const before = await publishedUntil();
    const relayChannel = (relay as unknown as { channel: { waitForConfirms(): Promise<void> } }).channel;
    const wait = jest.spyOn(relayChannel, 'waitForConfirms').mockReturnValueOnce(new Promise(() => undefined));
    relay.confirmTimeoutMs = 300;
    try {
      await expect(relay.publishNext()).rejects.toThrow('the broker did not confirm within 300 ms');
    } finally {
      relay.confirmTimeoutMs = CONFIRM_TIMEOUT_MS;
      wait.mockRestore();
    }
    expect(await publishedUntil()).toEqual(before);
    const from = received.length;
    await relay.publishNext(); // the window goes out again, confirmed this time
    expect((await messagesFrom(from, 1)).some((m) => m.body.referralRef === 'RL-H')).toBe(true);
  });

  ifBroker('a window whose publishing fails is not stored, and goes out whole on the next turn (at-least-once)', async () => {
    await send(referral(WY, 'RL-F'));
    const before = await publishedUntil();
    const relayChannel = (relay as unknown as { channel: { waitForConfirms(): Promise<void> } }).channel;
    const wait = jest.spyOn(relayChannel, 'waitForConfirms').mockRejectedValueOnce(new Error('the broker did not confirm'));
    const from = received.length;
    await expect(relay.publishNext()).rejects.toThrow('the broker did not confirm');
    wait.mockRestore();
    expect(await publishedUntil()).toEqual(before);
    await relay.publishNext();
    const got = await messagesFrom(from, 2);
    // published twice (the first time unconfirmed): the same message id both times
    expect(got.map((m) => m.body.referralRef)).toEqual(['RL-F', 'RL-F']);
    expect(got[0].messageId).toBe(got[1].messageId);
    expect((await publishedUntil()).getTime()).toBeGreaterThan(before.getTime());
  });
});
