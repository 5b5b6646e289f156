/**
 * What the access log (DPA 2018 s62; migrations/1763841200000-access-log.ts) holds of one disclosure, built
 * without I/O so that it can be checked on its own.
 */

/** The answers that disclose records, as the access log names them. */
export const ACCESS_ACTIONS = [
  'RECORD_READ',
  'RECORDS_LISTED',
  'FINDINGS_LISTED',
  'FINDINGS_EXPORTED',
  'WORKLIST_READ',
  'REVISIONS_READ',
  'REPLAY_ANSWERED',
  'CHANGES_LISTED',
] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/**
 * Who disclosed: the token's `sub` over HTTP (and its request id) or the broker (and the message's correlation or
 * message id), or the operator's login name on the CLI.
 */
export interface Accessor {
  actor: string;
  channel: 'HTTP' | 'BROKER' | 'CLI';
  correlationId: string;
}

/** A record disclosed, by its key. */
export interface RecordRef {
  force: string;
  referralRef: string;
}

/** The filter of a request, as the caller gave it (codes, dates, cursors and page sizes: no personal data). */
export type AccessQuery = Record<string, string | number | boolean | null>;

export interface AccessEntry {
  actor: string;
  channel: Accessor['channel'];
  correlationId: string;
  action: AccessAction;
  /** The forces whose records were disclosed, sorted, once each. */
  forces: string[];
  /** Each record disclosed once, as [force, referralRef], in the order of the answer. */
  records: [string, string][];
  query: AccessQuery;
}

/**
 * The entry for an answer that disclosed `records` (in the order answered; a record named twice, as by two
 * findings, is logged once). `query` keeps only the parameters given: an absent one is left out.
 */
export function accessEntry(
  by: Accessor,
  action: AccessAction,
  records: readonly RecordRef[],
  query: Record<string, unknown>,
): AccessEntry {
  const seen = new Set<string>();
  const keys: [string, string][] = [];
  for (const { force, referralRef } of records) {
    const key = `${force}\u0000${referralRef}`;
    if (seen.has(key)) continue;
    seen.add(key);
    keys.push([force, referralRef]);
  }
  const kept: AccessQuery = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    kept[name] = value instanceof Date ? value.toISOString() : (value as string | number | boolean | null);
  }
  return {
    actor: by.actor,
    channel: by.channel,
    correlationId: by.correlationId,
    action,
    forces: [...new Set(keys.map(([force]) => force))].sort(),
    records: keys,
    query: kept,
  };
}
