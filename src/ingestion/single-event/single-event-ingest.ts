import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Accessor } from '../../audit/access-entry';
import { AccessLog } from '../../audit/access-log';
import { NotFoundError } from '../../common/app-error';
import type { HocrEvent } from '../../hocr/event-types';
import type { RecordView } from '../../records/record-view';
import { IngestEventsCommand, type IngestResult } from '../ingest-events/ingest-events.command';

/**
 * Transactions of gathered single events at once; each takes every event waiting when it starts. Measured
 * here (2 cores, 10 connections): 2 gave 1,158-1,176 requests/s, 3 gave 1,045-1,115, 4 about 1,035 and 6 about
 * 870 (smaller gatherings, more round trips); 2 keeps a second transaction going while one waits on the database.
 */
const MAX_IN_FLIGHT = 2;
/** Events in one gathered transaction at most. */
const MAX_GATHERED = 200;

interface Waiting {
  event: HocrEvent;
  sender: string;
  receivedAt: Date;
  resolve: (answer: SingleEventAnswer) => void;
  reject: (err: unknown) => void;
}

export interface SingleEventAnswer {
  result: IngestResult;
  record: RecordView;
}

/**
 * Group commit for `POST /v1/events`. A single event costs a transaction of four round trips and a commit
 * (a WAL flush) however small it is, and on this kind of machine every round trip is a costly system call:
 * that fixed cost, not the work per event, bounded single-event throughput (docs/benchmarks.md). So events
 * that arrive while a transaction is running wait for it and then go together, in arrival order, through
 * the same IngestEventsCommand as a batch, in one transaction, which answers with their records as written.
 * A lone event is never held back: with nothing running it starts at once.
 *
 * Each request still gets exactly its own answer, after its transaction has committed: 201 APPLIED, 200
 * DUPLICATE, and a 409 only for the event that conflicts. A batch is all-or-nothing, so if a gathered
 * transaction fails (a conflicting replay, say) its events are run again one by one, in arrival order, and
 * each request gets the outcome it would have had alone. Events of different senders never share a
 * transaction (event ids are unique per sender).
 */
@Injectable()
export class SingleEventIngest {
  private readonly logger = new Logger(SingleEventIngest.name);
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(
    private readonly commands: CommandBus,
    private readonly accessLog: AccessLog,
  ) {}

  /**
   * The event of `by` (its sender is `by.actor`), answered with its record. An APPLIED answer is traced by the
   * event row itself (sender, event id, stored_at); a DUPLICATE writes nothing of the event, yet shows the record
   * as it is now, other senders' facts included, so it is written to the access log before it is answered
   * (docs/decisions.md, "The access log").
   */
  async ingest(event: HocrEvent, by: Accessor): Promise<SingleEventAnswer> {
    const answer = await this.gathered(event, by.actor);
    if (answer.result.status === 'DUPLICATE') {
      await this.accessLog.disclosed(by, 'REPLAY_ANSWERED', [answer.record], { eventId: event.eventId });
    }
    return answer;
  }

  private gathered(event: HocrEvent, sender: string): Promise<SingleEventAnswer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, sender, receivedAt: new Date(), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < MAX_IN_FLIGHT && this.waiting.length > 0) {
      const sender = this.waiting[0].sender;
      const batch: Waiting[] = [];
      for (let i = 0; i < this.waiting.length && batch.length < MAX_GATHERED;) {
        if (this.waiting[i].sender === sender) batch.push(this.waiting.splice(i, 1)[0]);
        else i++;
      }
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting[]): Promise<void> {
    let results: IngestResult[];
    try {
      results = await this.commands.execute(
        new IngestEventsCommand(
          batch.map((w) => w.event),
          batch[0].sender,
          batch.map((w) => w.receivedAt),
          true,
        ),
      );
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      // no event content in the log: the error's code only
      this.logger.debug(
        `a transaction of ${batch.length} gathered events failed (${(err as { code?: string }).code ?? 'error'}); each runs alone`,
      );
      for (const w of batch) await this.run([w]);
      return;
    }
    batch.forEach((w, i) => {
      const { record, ...result } = results[i];
      if (record) w.resolve({ result, record });
      else w.reject(new NotFoundError(`No record for referral ${w.event.referralRef} in force ${w.event.force}`));
    });
  }
}
