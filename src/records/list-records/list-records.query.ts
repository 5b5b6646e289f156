import { Query } from '@nestjs/cqrs';
import type { RecordSummary } from '../record-view';

export interface ListRecordsFilter {
  force: string;
  code?: string;
  status?: string;
  /** London dates, inclusive: the date the force received the referral (SPEC §7). */
  recordedFrom?: string;
  recordedTo?: string;
  cursor?: string;
  limit: number;
}

export interface RecordPage {
  items: RecordSummary[];
  nextCursor: string | null;
}

export class ListRecordsQuery extends Query<RecordPage> {
  constructor(public readonly filter: ListRecordsFilter) {
    super();
  }
}
