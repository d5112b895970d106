/**
 * What a stage does to keep its data, decided from the stage name alone (plain code: no SST globals, so
 * it is unit-tested). `production` and `staging` hold data people rely on; preview (`pr-<n>`) and personal
 * stages are thrown away with `sst remove` and stay cheap.
 */
export const PROTECTED_STAGES = ["production", "staging"] as const;

export interface Protection {
  /** Point-in-time recovery on the table (35 days of continuous backups). */
  pointInTimeRecovery: boolean;
  /** DynamoDB deletion protection: no console or API call deletes the table. */
  deletionProtection: boolean;
  /** S3 versioning on every bucket: an overwritten or deleted object keeps its earlier versions. */
  versioning: boolean;
  /** A daily AWS Backup of the table, kept this many days; undefined for none. */
  dailyBackupRetentionDays?: number;
}

export function protectionFor(stage: string): Protection {
  const kept = (PROTECTED_STAGES as readonly string[]).includes(stage);
  return kept
    ? { pointInTimeRecovery: true, deletionProtection: true, versioning: true, dailyBackupRetentionDays: 35 }
    : { pointInTimeRecovery: false, deletionProtection: false, versioning: false };
}
