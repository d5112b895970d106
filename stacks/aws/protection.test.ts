import { describe, expect, it } from "vitest";
import { protectionFor } from "./protection";

describe("protectionFor(stage)", () => {
  it("protects production and staging: recovery, deletion protection, versions and a daily backup", () => {
    for (const stage of ["production", "staging"])
      expect(protectionFor(stage)).toEqual({
        pointInTimeRecovery: true,
        deletionProtection: true,
        versioning: true,
        dailyBackupRetentionDays: 35,
      });
  });

  it("keeps preview and personal stages cheap: none of it", () => {
    for (const stage of ["pr-42", "ana", "ci", "dev", "Production", "production-copy", ""])
      expect(protectionFor(stage), stage).toEqual({
        pointInTimeRecovery: false,
        deletionProtection: false,
        versioning: false,
      });
  });
});
