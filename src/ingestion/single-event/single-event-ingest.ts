import { databaseUnavailableReason } from '../../common/database-unavailable';
import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Accessor } from '../../audit/access-entry';
import { AccessLog } from '../../audit/access-log';
import { NotFoundError } from '../../common/app-error';
import { GroupCommit } from '../../common/group-commit';
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

/** A single event waiting for its gathered transaction. */
interface Gathered {
  event: HocrEvent;
  sender: string;
  receivedAt: Date;
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
 * A lone event is never held back: with nothing running it starts at once (src/common/group-commit.ts).
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
  private readonly gathering: GroupCommit<Gathered, IngestResult>;

  constructor(
    private readonly commands: CommandBus,
    private readonly accessLog: AccessLog,
  ) {
    this.gathering = new GroupCommit<Gathered, IngestResult>({
      maxInFlight: MAX_IN_FLIGHT,
      maxGathered: MAX_GATHERED,
      write: (batch) =>
        this.commands.execute(
          new IngestEventsCommand(
            batch.map((g) => g.event),
            batch[0].sender,
            batch.map((g) => g.receivedAt),
            true,
          ),
        ),
      failsAll: (err) => databaseUnavailableReason(err) !== undefined,
      // no event content in the log: the error's code only
      onSplit: (size, err) =>
        this.logger.debug(
          `a transaction of ${size} gathered events failed (${(err as { code?: string }).code ?? 'error'}); each runs alone`,
        ),
    });
  }

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

  private async gathered(event: HocrEvent, sender: string): Promise<SingleEventAnswer> {
    const { record, ...result } = await this.gathering.submit({ event, sender, receivedAt: new Date() }, sender);
    if (!record) throw new NotFoundError(`No record for referral ${event.referralRef} in force ${event.force}`);
    return { result, record };
  }
}
