import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Compliance summary at one million records (docs/benchmarks.md, "Compliance summary at one million
 * records"): covering indexes so complianceSummary reads indexes only.
 * - records (force, received_date) INCLUDE the columns the summary reads: the four "records of the force
 *   received in the period, not cancelled" scans become index-only scans instead of bitmap heap scans of
 *   ~15,000 scattered pages each (the records rows are wide: facts jsonb).
 * - findings (record_id) INCLUDE (check_id, due_at, resolved_at) WHERE system_to IS NULL: the per-record
 *   probes of the current findings become index-only, and the planner stops seq-scanning every current
 *   finding of the country for one force. It has the key and predicate of findings_record_current_idx,
 *   which it replaces (the writer's "close the current rows of these records" uses it the same way).
 * Measured on 1,000,000 records / 1,440,001 finding rows, Metropolitan Police, 2024-25: 1,113 ms → ~480 ms.
 */
export class CompliancePerf1763840400000 implements MigrationInterface {
  name = 'CompliancePerf1763840400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX records_force_received_cover_idx ON records (force, received_date) INCLUDE (status, code, crime_expected, crime_recorded_at, rg_positive_received_at)',
    );
    await q.query(
      'CREATE INDEX findings_record_current_cover_idx ON findings (record_id) INCLUDE (check_id, due_at, resolved_at) WHERE system_to IS NULL',
    );
    await q.query('DROP INDEX findings_record_current_idx');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX findings_record_current_idx ON findings (record_id) WHERE system_to IS NULL');
    await q.query('DROP INDEX findings_record_current_cover_idx');
    await q.query('DROP INDEX records_force_received_cover_idx');
  }
}
