import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RULE_SET_VERSION } from '../hocr/classify';

/** Records stored under one rule set other than the service's. */
export interface StaleRuleSet {
  ruleSetVersion: string;
  records: number;
}

/**
 * After an upgrade that changes a rule (RULE_SET_VERSION), the stored records keep the classification,
 * history and findings of the rule set they were written under until `npm run cli -- rebuild` refolds them;
 * a record is refolded on its own only when one of its events arrives. So at boot the service says, once,
 * how many records are under another rule set, in the background (a scan of `records`: about a second at a
 * million records) and never failing the boot.
 */
@Injectable()
export class RuleSetCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(RuleSetCheck.name);

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    void this.check()
      .then((stale) => {
        if (stale.length === 0) return;
        const total = stale.reduce((n, s) => n + s.records, 0);
        const versions = stale.map((s) => `${s.ruleSetVersion}: ${s.records}`).join(', ');
        this.logger.warn(
          `${total} records are classified under an earlier rule set than ${RULE_SET_VERSION} (${versions}); run \`npm run cli -- rebuild\``,
        );
      })
      .catch((err: Error) => this.logger.warn(`rule set check failed: ${err.message}`));
  }

  /** The rule sets other than the current one that stored records are under, with their counts. */
  async check(): Promise<StaleRuleSet[]> {
    const rows = (await this.dataSource.query(
      `SELECT rule_set_version, count(*)::int AS records FROM records WHERE rule_set_version <> $1
        GROUP BY rule_set_version ORDER BY rule_set_version`,
      [RULE_SET_VERSION],
    )) as { rule_set_version: string; records: number }[];
    return rows.map((r) => ({ ruleSetVersion: r.rule_set_version, records: r.records }));
  }
}
