import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { type ChannelModel, type ConfirmChannel, connect, type RecoveringChannelModel } from 'amqplib';
import { DataSource } from 'typeorm';
import { accessEntry, type AccessEntry } from '../audit/access-entry';
import { writeAccessEntries } from '../audit/access-log';
import type { AppConfig } from '../config/env';
import { micros, settledNow } from '../database/system-time';
import { changesChunk } from './list-changes/changes-sql';

/** The advisory lock one relay holds while it publishes a window (others skip that turn). */
const RELAY_LOCK = [20202, 0] as const;
/** Records read and published at a time. */
const CHUNK = 1000;
/**
 * How long the broker has to confirm a chunk. The relay holds a database connection (the embedded database's
 * only one) while it waits: a broker that stops answering must not hold it longer.
 */
export const CONFIRM_TIMEOUT_MS = 10_000;

/** The broker's confirms of everything published on `channel`, or a failure after `timeoutMs`. */
function confirmed(channel: ConfirmChannel, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the broker did not confirm within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([channel.waitForConfirms(), late]).finally(() => clearTimeout(timer));
}

/**
 * Classification changes out to RabbitMQ (ARCHITECTURE "classification changes out"; docs/decisions.md,
 * "Classification changes are read from the history"), when BROKER_CHANGES_EXCHANGE is set: every
 * BROKER_CHANGES_INTERVAL_MS, the window from the last published end (table `change_relay`) to a settled now,
 * read as the change feed reads it (every force), is published to the topic exchange, one message per record
 * (routing key: the force code; message id: force/referralRef/learnedAt), confirmed by the broker, and only then
 * is the window's end stored. At-least-once: a relay stopped between the confirms and the store publishes the
 * window again, and the message id says it is the same change. One relay publishes at a time (an advisory
 * lock), so several instances can run it. The messages name records and codes: each window is in the access log
 * (`CHANGES_LISTED`, channel BROKER, actor `change-relay`), written in the same transaction as the window's end,
 * so it is there exactly when the broker confirmed the window (a window not confirmed is published, and logged,
 * again). One transaction, one connection: the embedded database has only one.
 */
@Injectable()
export class ChangeRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChangeRelay.name);
  private readonly broker: AppConfig['broker'];
  private connection?: RecoveringChannelModel;
  private channel?: ConfirmChannel;
  private timer?: NodeJS.Timeout;
  private turn: Promise<void> = Promise.resolve();
  private stopping = false;
  /** CONFIRM_TIMEOUT_MS (a test shortens it). */
  confirmTimeoutMs = CONFIRM_TIMEOUT_MS;

  constructor(
    config: ConfigService,
    private readonly dataSource: DataSource,
  ) {
    this.broker = config.get<AppConfig['broker']>('broker');
  }

  async onApplicationBootstrap(): Promise<void> {
    const exchange = this.broker?.changesExchange;
    if (!this.broker || !exchange) return;
    this.connection = await connect(this.broker.url, {
      recovery: {
        waitForConnect: false,
        initialDelay: 500,
        maxDelay: 30_000,
        maxRetries: Infinity,
        setup: async (model: ChannelModel) => {
          const channel = await model.createConfirmChannel();
          channel.on('error', (err: Error) => this.logger.warn(`RabbitMQ channel: ${err.message}`));
          channel.on('close', () => {
            if (this.channel === channel) this.channel = undefined;
            if (!this.stopping) model.close().catch(() => undefined);
          });
          await channel.assertExchange(exchange, 'topic', { durable: true });
          this.channel = channel;
          this.logger.log(`publishing classification changes to RabbitMQ exchange ${exchange}`);
        },
      },
    });
    this.connection.on('error', (err: Error) => this.logger.warn(`RabbitMQ: ${err.message}`));
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.connection) return;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.turn;
    await this.connection.close().catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.turn = this.publishNext()
        .then(
          () => undefined,
          (err: Error) => this.logger.warn(`classification changes not published this turn (${err.message}): next turn again`),
        )
        .finally(() => this.schedule());
    }, this.broker!.changesIntervalMs);
  }

  /** One turn: the next window, published and confirmed, then its end stored. False: nothing to do this turn. */
  async publishNext(): Promise<boolean> {
    const channel = this.channel;
    if (!channel) return false;
    const exchange = this.broker!.changesExchange!;
    const until = micros(await settledNow(this.dataSource));
    return this.dataSource.transaction(async (tx) => {
      const [{ locked }] = (await tx.query(`SELECT pg_try_advisory_xact_lock(${RELAY_LOCK[0]}, ${RELAY_LOCK[1]}) AS locked`)) as [
        { locked: boolean },
      ];
      if (!locked) return false;
      const [{ since }] = (await tx.query(
        `SELECT to_char(published_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS since FROM change_relay WHERE id = 1 FOR UPDATE`,
      )) as [{ since: string }];
      if (since >= until) return false;
      const by = { actor: 'change-relay', channel: 'BROKER' as const, correlationId: `${since}/${until}` };
      // one access log row a chunk, written after the last confirm: a row holds the as-at fence until this
      // transaction commits (src/audit/access-log.ts), and must not hold it while the broker confirms
      const disclosed: AccessEntry[] = [];
      for (let after = '0'; ;) {
        const { changes, examined, ended } = await changesChunk(tx, null, { since, until }, after, CHUNK);
        if (changes.length > 0) {
          disclosed.push(accessEntry(by, 'CHANGES_LISTED', changes, { exchange, since, until }));
          for (const { id: _id, ...change } of changes) {
            channel.publish(exchange, change.force, Buffer.from(JSON.stringify(change)), {
              persistent: true,
              contentType: 'application/json',
              type: 'n200.classification.changed',
              messageId: `${change.force}/${change.referralRef}/${change.learnedAt}`,
            });
          }
          await confirmed(channel, this.confirmTimeoutMs);
        }
        if (ended || examined === null) break;
        after = examined;
      }
      if (disclosed.length > 0) await writeAccessEntries(tx, disclosed);
      await tx.query('UPDATE change_relay SET published_until = $1::timestamptz WHERE id = 1', [until]);
      return true;
    });
  }
}
