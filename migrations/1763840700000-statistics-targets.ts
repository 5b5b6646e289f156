import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns no query filters, joins or groups on: large JSON documents, digests and free text. */
const UNFILTERED: Record<string, string[]> = {
  events: ['body', 'content_hash'],
  records: ['facts', 'history_hash', 'findings_hash', 'reason'],
  classification_history: ['reason'],
  findings: ['evidence', 'message'],
};

/**
 * No planner statistics for columns that no query filters, joins or groups on. ANALYZE (which the service
 * runs itself as the tables grow: src/records/statistics-keeper.ts) spent most of its time detoasting and
 * sampling them: measured on 59,237 ingested events, ANALYZE of the four tables took 690 ms before and 390 ms
 * after, CPU that bulk ingest shares with it on two cores. The plans of the returns, compliance and records
 * queries do not use these columns' statistics.
 */
export class StatisticsTargets1763840700000 implements MigrationInterface {
  name = 'StatisticsTargets1763840700000';

  async up(q: QueryRunner): Promise<void> {
    await this.set(q, 0);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.set(q, -1);
  }

  private async set(q: QueryRunner, target: number): Promise<void> {
    for (const [table, columns] of Object.entries(UNFILTERED)) {
      await q.query(`ALTER TABLE ${table} ${columns.map((c) => `ALTER COLUMN ${c} SET STATISTICS ${target}`).join(', ')}`);
    }
  }
}
