import { Query } from '@nestjs/cqrs';

/** One record whose classification differs between the two ends of a window of service time. */
export interface ClassificationChange {
  referralRef: string;
  /** What it was as at `since`; null: the service did not hold the record then. */
  from: { status: string; code: string | null } | null;
  /** What it is as at `until`. */
  to: {
    status: string;
    code: string | null;
    title: string | null;
    rule: string;
    reason: string;
    /** eventId of the event that caused it. */
    causedBy: string;
    /** World time it became true. */
    validFrom: string;
  };
  /** Service time the latest version of its history in the window was written. */
  learnedAt: string;
}

export interface ClassificationChangePage {
  force: string;
  /** The window: after `since`, up to and including `until` (service time, settled). */
  since: string;
  until: string;
  items: ClassificationChange[];
  /** More of the same window; when null, ask next with since = until. */
  nextCursor: string | null;
}

export class ListChangesQuery extends Query<ClassificationChangePage> {
  constructor(
    public readonly force: string,
    /** `since` as given (to the microsecond), or a cursor of an earlier page, which fixes the window. */
    public readonly from: { since: string } | { cursor: string },
    public readonly limit: number,
  ) {
    super();
  }
}
