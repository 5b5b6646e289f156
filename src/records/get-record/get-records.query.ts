import { Query } from '@nestjs/cqrs';
import type { RecordView } from '../record-view';

/** Several records by (force, referralRef), in one statement; the map is keyed `force|referralRef`, absent when none. */
export class GetRecordsQuery extends Query<Map<string, RecordView>> {
  constructor(public readonly keys: readonly { force: string; referralRef: string }[]) {
    super();
  }
}

export const recordKey = (force: string, referralRef: string): string => `${force}|${referralRef}`;
