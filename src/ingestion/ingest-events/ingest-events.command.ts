import { Command } from '@nestjs/cqrs';
import type { HocrEvent } from '../../hocr/event-types';
import type { RecordView } from '../../records/record-view';

export type IngestStatus = 'APPLIED' | 'DUPLICATE';

export interface IngestResult {
  eventId: string;
  status: IngestStatus;
  force: string;
  referralRef: string;
  /** The event's record after the write (read in the same transaction), when the command asked for it. */
  record?: RecordView;
}

/**
 * Store events and bring every affected record up to date, in one transaction (SPEC §4). The one
 * write path for the HTTP API, the NRM form adapter, the broker consumer and the loaders.
 */
export class IngestEventsCommand extends Command<IngestResult[]> {
  constructor(
    /** Validated, normalised events, in arrival order. */
    public readonly events: readonly HocrEvent[],
    /** Who sent them (the token's `sub`): event ids are unique per sender. */
    public readonly sender: string,
    /**
     * When the service received them: the default `receivedAt` (SPEC §4). One per event when they came
     * in different requests (single events gathered into one transaction: SingleEventIngest).
     */
    public readonly receivedAt: Date | readonly Date[],
    /** Answer each event with its record (single events: saves a read after the transaction). */
    public readonly withRecords = false,
  ) {
    super();
  }
}
