/**
 * The bare endpoint of `npm run bench` (issue 6, deliverable 3): the same framework as the service
 * (Nest 12 on Fastify) with one route, `POST /v1/events`, doing one INSERT of the same row as the service
 * (canonical JSON body, SHA-256, occurred instant) into `bare_events` through a `pg` Pool. No auth, no
 * validation, no logging, no classification: the floor the single-event endpoint is measured against.
 *
 *   DATABASE_URL=postgres://…/n200_bench_run_bare PORT=3999 node dist/bench/bare/bare-server.js
 *
 * The database must already hold `bare_events` (run-bench creates it). Prints "listening <port>" when ready.
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Inject, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { eventRow, type EventLike } from './schema';

const POOL = Symbol('POOL');

@Controller('v1/events')
class BareController {
  constructor(@Inject(POOL) private readonly pool: Pool) {}

  @Post()
  @HttpCode(201)
  async ingestOne(@Body() body: EventLike) {
    const now = new Date().toISOString();
    const r = eventRow(body, now);
    await this.pool.query(
      `INSERT INTO bare_events (sender, event_id, type, force, referral_ref, body, content_hash, occurred_at, received_at, stored_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      ['bare', r.event_id, r.type, r.force, r.referral_ref, r.body, r.content_hash, r.occurred_at, r.received_at, now],
    );
    return { eventId: r.event_id, status: 'APPLIED' };
  }
}

@Module({
  controllers: [BareController],
  providers: [
    {
      provide: POOL,
      useFactory: () => new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) }),
    },
  ],
})
class BareModule {}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is required');
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter({ logger: false }), { logger: ['error'] });
  const port = Number(process.env.PORT ?? 3999);
  await app.listen(port, '127.0.0.1');
  process.stdout.write(`listening ${port}\n`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`bare-server: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
