import { callIn, type Queryable, type SqlCall } from '../database/one-trip';
import type { RecordWithHistory } from './record-view';

export interface RecordKey {
  force: string;
  referralRef: string;
}

export const recordKey = (force: string, referralRef: string): string => `${force}|${referralRef}`;

/** The keys as `n200_records_json` takes them: a JSON array of [force, referral_ref] pairs. */
export const recordKeysJson = (keys: readonly RecordKey[]): string => JSON.stringify(keys.map((k) => [k.force, k.referralRef]));

/** The call that answers records with their current classification history (`n200_records_json`). */
export const recordsCall = (keys: readonly RecordKey[]): SqlCall => ({ fn: 'n200_records_json', args: [[recordKeysJson(keys), 'jsonb']] });

/**
 * Records with their current classification history, by (force, referral_ref), in one statement
 * (`n200_records_json`, migration 1763840600000: the same definition the write path answers with).
 */
export function readRecords(db: Queryable, keys: readonly RecordKey[]): Promise<RecordWithHistory[]> {
  return callIn<RecordWithHistory[]>(db, recordsCall(keys));
}
