import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CommandBus } from '@nestjs/cqrs';
import { type ChannelModel, type ConfirmChannel, type ConsumeMessage, connect, type RecoveringChannelModel } from 'amqplib';
import { authenticateBearer, TOKEN_VERIFIER } from '../../auth/auth.guard';
import { hasAnyRole } from '../../auth/principal';
import type { TokenVerifier } from '../../auth/token-verifier';
import { AppError, ForbiddenError } from '../../common/app-error';
import type { AppConfig } from '../../config/env';
import { batchAnswer, oneEventAnswer } from '../answers';
import { validateBatch, validateOne } from '../http/validate-request';
import { IngestEventsCommand } from '../ingest-events/ingest-events.command';
import { SingleEventIngest } from '../single-event/single-event-ingest';
import { eventIdsOf, readBrokerMessage, refusalEnvelope } from './broker-message';

/** Deliveries of one message before RabbitMQ itself dead-letters it (a message that keeps failing for a fault of ours). */
export const DELIVERY_LIMIT = 10;
/** Pause before a message that failed for a passing reason (the database away) goes back to the queue. */
const RETRY_PAUSE_MS = { first: 500, max: 30_000 };

interface Answer {
  /** What `POST /v1/events` (or `/batch`) would have answered: 201, 200, or a 4xx. */
  status: number;
  body: unknown;
}

/**
 * Wire events over RabbitMQ (SPEC §4: "JSON over HTTP … and over the message broker"; ARCHITECTURE). A message
 * is what a request to the events API would send: one event (as `POST /v1/events`) or `{ "events": [...] }`
 * (as `POST /v1/events/batch`), with the sender's bearer token in its `authorization` header. It goes through
 * the same validation, force scope and IngestEvents command as the request, so a replay over either way is a
 * DUPLICATE (event ids are unique per token `sub`).
 *
 * At-least-once, safe by idempotency: a message is acknowledged only after its transaction committed (or after
 * its refusal is confirmed written to the dead-letter queue). Refused for good (the 4xx a request would get:
 * malformed, no valid token, not allowed, a conflicting replay): the message goes to `<queue>.dead` as the
 * error envelope and the event ids it named (no event content: docs/decisions.md), and is acknowledged. Failed
 * for a passing reason (the database away, a 5xx): it goes back to the queue after a pause, and RabbitMQ
 * dead-letters it itself after DELIVERY_LIMIT deliveries. A message with `reply_to` gets the answer the request
 * would have had, with its `correlation_id`.
 *
 * The queues are quorum queues, declared at start (and again after each reconnection, which amqplib's recovery
 * makes with backoff). The HTTP API does not wait for the broker: the service starts, and serves, without it.
 */
@Injectable()
export class BrokerConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(BrokerConsumer.name);
  private readonly broker: AppConfig['broker'];
  private readonly bodyLimitBytes: number;
  private connection?: RecoveringChannelModel;
  private consumer?: { channel: ConfirmChannel; tag: string };
  private readonly inWork = new Set<Promise<void>>();
  /** Pauses before a message goes back to the queue: a shutdown ends them (the message goes back at once). */
  private readonly pauses = new Set<() => void>();
  private stopping = false;
  private consuming!: () => void;
  /** Resolves once the consumer first takes messages (tests, and the log line). */
  readonly started = new Promise<void>((resolve) => (this.consuming = resolve));

  constructor(
    config: ConfigService,
    private readonly commands: CommandBus,
    private readonly single: SingleEventIngest,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier | null,
  ) {
    this.broker = config.get<AppConfig['broker']>('broker');
    this.bodyLimitBytes = config.getOrThrow<number>('bodyLimitBytes');
  }

  async onApplicationBootstrap(): Promise<void> {
    const broker = this.broker;
    if (!broker) return;
    const conn = await connect(broker.url, {
      recovery: {
        waitForConnect: false,
        initialDelay: 500,
        maxDelay: 30_000,
        maxRetries: Infinity,
        setup: (model: ChannelModel) => this.setup(model),
      },
    });
    this.connection = conn;
    const where = redactedUrl(broker.url);
    conn.on('connect', () => this.logger.log(`consuming events from RabbitMQ queue ${broker.queue} at ${where}`));
    conn.on('disconnect', (err: Error) => this.logger.warn(`RabbitMQ connection lost (${err.message}): reconnecting`));
    conn.on('connect-failed', (err: Error) => this.logger.warn(`cannot connect to RabbitMQ at ${where}: ${err.message}`));
    conn.on('error', (err: Error) => this.logger.warn(`RabbitMQ: ${err.message}`));
  }

  /** Stop taking messages, finish those in work (their transactions commit and they are acknowledged), close. */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.connection) return;
    this.stopping = true;
    if (this.consumer) await this.consumer.channel.cancel(this.consumer.tag).catch(() => undefined);
    for (const end of this.pauses) end();
    await Promise.allSettled([...this.inWork]);
    await this.connection.close().catch(() => undefined);
  }

  /** After every (re)connection: the queues, the prefetch, the consumer. */
  private async setup(model: ChannelModel): Promise<void> {
    const { queue, prefetch } = this.broker!;
    const dead = `${queue}.dead`;
    const channel = await model.createConfirmChannel();
    channel.on('error', (err: Error) => this.logger.warn(`RabbitMQ channel: ${err.message}`));
    // A channel closed under a live connection (a refused operation) would stop consumption silently: reconnect.
    channel.on('close', () => {
      if (!this.stopping) model.close().catch(() => undefined);
    });
    await channel.assertQueue(dead, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await channel.assertQueue(queue, {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': dead,
        'x-delivery-limit': DELIVERY_LIMIT,
      },
    });
    await channel.prefetch(prefetch);
    const { consumerTag } = await channel.consume(queue, (msg) => {
      // null: RabbitMQ cancelled the consumer (the queue was deleted): reconnecting declares it again
      if (msg === null) return void model.close().catch(() => undefined);
      const work = this.take(channel, msg).finally(() => this.inWork.delete(work));
      this.inWork.add(work);
    });
    this.consumer = { channel, tag: consumerTag };
    this.consuming();
  }

  private async take(channel: ConfirmChannel, msg: ConsumeMessage): Promise<void> {
    const correlationId = stringProperty(msg.properties.correlationId) ?? stringProperty(msg.properties.messageId) ?? randomUUID();
    let answer: Answer;
    try {
      answer = await this.apply(msg, correlationId);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) return this.later(channel, msg, err);
      answer = { status: err.status, body: refusalEnvelope(err, correlationId) };
      try {
        await this.deadLetter(channel, msg, answer.body, correlationId);
      } catch (publishErr) {
        return this.later(channel, msg, publishErr);
      }
      this.logger.warn(`message ${correlationId} refused (${err.status} ${err.code}): sent to ${this.broker!.queue}.dead`);
    }
    try {
      if (typeof msg.properties.replyTo === 'string' && msg.properties.replyTo !== '') {
        channel.sendToQueue(msg.properties.replyTo, Buffer.from(JSON.stringify(answer.body)), {
          correlationId,
          contentType: 'application/json',
          headers: { 'x-status': answer.status },
        });
      }
      channel.ack(msg);
    } catch (err) {
      // the channel closed: the message is delivered again, and its events are then DUPLICATEs
      this.logger.warn(`message ${correlationId} done but not acknowledged (${(err as Error).message}): it will come again`);
    }
  }

  /** The message as the events API would take it, through the same command. */
  private async apply(msg: ConsumeMessage, correlationId: string): Promise<Answer> {
    const read = readBrokerMessage(msg, this.bodyLimitBytes);
    const principal = await authenticateBearer(this.verifier, read.authorization);
    if (!hasAnyRole(principal, ['recorder'])) {
      throw new ForbiddenError('ROLE_FORBIDDEN', 'Sending events needs one of the roles: admin, recorder');
    }
    if (read.batch) {
      const events = validateBatch(read.body, principal);
      return batchAnswer(await this.commands.execute(new IngestEventsCommand(events, principal.sub, new Date())));
    }
    const by = { actor: principal.sub, channel: 'BROKER' as const, correlationId };
    return oneEventAnswer(await this.single.ingest(validateOne(read.body, principal), by));
  }

  /** The refusal to `<queue>.dead`, confirmed by the broker before the message is acknowledged. */
  private deadLetter(channel: ConfirmChannel, msg: ConsumeMessage, envelope: unknown, correlationId: string): Promise<void> {
    const letter = { error: envelope, eventIds: eventIdsOf(msg.content), messageId: stringProperty(msg.properties.messageId) ?? null };
    return new Promise((resolve, reject) => {
      channel.sendToQueue(
        `${this.broker!.queue}.dead`,
        Buffer.from(JSON.stringify(letter)),
        {
          persistent: true,
          contentType: 'application/json',
          correlationId,
          headers: { 'x-status': (envelope as { statusCode: number }).statusCode },
        },
        (err: unknown) => (err ? reject(err instanceof Error ? err : new Error('the broker did not confirm the dead letter')) : resolve()),
      );
    });
  }

  /** A passing failure: back to the queue after a pause that grows with the deliveries (x-delivery-count). */
  private async later(channel: ConfirmChannel, msg: ConsumeMessage, err: unknown): Promise<void> {
    const deliveries = Number(msg.properties.headers?.['x-delivery-count'] ?? 0) + 1;
    this.logger.error(`message delivery ${deliveries} of ${DELIVERY_LIMIT} failed (${(err as Error).message}): it goes back to the queue`);
    const pause = Math.min(RETRY_PAUSE_MS.max, RETRY_PAUSE_MS.first * 2 ** (deliveries - 1));
    if (!this.stopping) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => (this.pauses.delete(end), resolve()), pause);
        const end = () => (clearTimeout(timer), resolve());
        this.pauses.add(end);
      });
    }
    try {
      channel.nack(msg, false, true);
    } catch {
      // the channel closed: RabbitMQ delivers the message again anyway
    }
  }
}

/** A message property the sender set (an id), when it is a string of 1-128 characters: it is logged and echoed. */
function stringProperty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value.length <= 128 ? value : undefined;
}

/** The broker URL for a log line: never its password. */
export function redactedUrl(raw: string): string {
  const url = new URL(raw);
  if (url.password) url.password = '***';
  return url.toString();
}
