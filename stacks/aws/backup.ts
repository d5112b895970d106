/**
 * A daily AWS Backup of the table for protected stages (see protection.ts): a vault, a plan with one daily
 * rule and its retention, an IAM role AWS Backup assumes, and a selection naming the table. Point-in-time
 * recovery covers the last 35 days to the second; these snapshots are independent copies, also kept
 * from a table that was deleted.
 */
export function createTableBackup(table: sst.aws.Dynamo, retentionDays: number) {
  const vault = new aws.backup.Vault("TableBackupVault", {});
  const plan = new aws.backup.Plan("TableBackupPlan", {
    rules: [
      {
        ruleName: "daily",
        targetVaultName: vault.name,
        // 05:00 UTC, outside the markets' busy hours.
        schedule: "cron(0 5 * * ? *)",
        lifecycle: { deleteAfter: retentionDays },
      },
    ],
  });
  const role = new aws.iam.Role("TableBackupRole", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    }),
  });
  for (const [name, policy] of [
    ["Backup", "AWSBackupServiceRolePolicyForBackup"],
    ["Restore", "AWSBackupServiceRolePolicyForRestores"],
  ])
    new aws.iam.RolePolicyAttachment(`TableBackupRole${name}`, {
      role: role.name,
      policyArn: `arn:aws:iam::aws:policy/service-role/${policy}`,
    });
  new aws.backup.Selection("TableBackupSelection", {
    name: "table",
    planId: plan.id,
    iamRoleArn: role.arn,
    resources: [table.arn],
  });
  return { vault, plan };
}
