import { Forces1763840000000 } from './1763840000000-forces';
import { Engine1763840100000 } from './1763840100000-engine';
import { Returns1763840200000 } from './1763840200000-returns';
import { Compliance1763840300000 } from './1763840300000-compliance';
import { CompliancePerf1763840400000 } from './1763840400000-compliance-perf';
import { WritePath1763840500000 } from './1763840500000-write-path';
import { IngestFunctions1763840600000 } from './1763840600000-ingest-functions';
import { StatisticsTargets1763840700000 } from './1763840700000-statistics-targets';
import { LateReferralLocks1763840800000 } from './1763840800000-late-referral-locks';
import { DerivedTableKeys1763840900000 } from './1763840900000-derived-table-keys';
import { OneTripWrite1763841000000 } from './1763841000000-one-trip-write';
import { HistoryKnownSince1763841100000 } from './1763841100000-history-known-since';
import { AccessLog1763841200000 } from './1763841200000-access-log';
import { ClassificationChanges1763841300000 } from './1763841300000-classification-changes';
import { AccessLogFence1763841400000 } from './1763841400000-access-log-fence';

/** Every migration, in order, by class reference (globs do not survive bundling or PGlite). */
export const MIGRATIONS = [
  Forces1763840000000,
  Engine1763840100000,
  Returns1763840200000,
  Compliance1763840300000,
  CompliancePerf1763840400000,
  WritePath1763840500000,
  IngestFunctions1763840600000,
  StatisticsTargets1763840700000,
  LateReferralLocks1763840800000,
  DerivedTableKeys1763840900000,
  OneTripWrite1763841000000,
  HistoryKnownSince1763841100000,
  AccessLog1763841200000,
  ClassificationChanges1763841300000,
  AccessLogFence1763841400000,
];
