import { describe, expect, it } from "vitest";
import { appSpec, entriesOf, lambdaTime, previousVersion } from "./rollout";

const entry = {
  name: "Mailer",
  functionName: "bourse-staging-MailerHandlerFunction-abc",
  alias: "live",
  version: "8",
  codeDeploy: { application: "bourse-staging-Rollout", deploymentGroup: "Mailer" },
};

describe("entriesOf(outputs.json)", () => {
  it("reads the deploy's rollout output", () => {
    const { codeDeploy: _, ...allAtOnce } = entry;
    const outputs = JSON.stringify({ web: "https://d1.cloudfront.net", rollout: [entry, allAtOnce] });
    expect(entriesOf(outputs)).toEqual([entry, allAtOnce]);
  });

  it("refuses outputs without one, or with a version that is not a published one", () => {
    expect(() => entriesOf(JSON.stringify({ web: "x" }))).toThrow();
    expect(() => entriesOf(JSON.stringify({ rollout: [] }))).toThrow();
    expect(() => entriesOf(JSON.stringify({ rollout: [{ ...entry, version: "$LATEST" }] }))).toThrow();
  });
});

describe("appSpec", () => {
  it("moves the function's alias from the version it serves to the deploy's", () => {
    expect(JSON.parse(appSpec(entry, "7"))).toEqual({
      version: 0,
      Resources: [
        {
          Mailer: {
            Type: "AWS::Lambda::Function",
            Properties: { Name: entry.functionName, Alias: "live", CurrentVersion: "7", TargetVersion: "8" },
          },
        },
      ],
    });
  });
});

describe("previousVersion", () => {
  const since = Date.parse("2026-12-01T15:00:00Z");
  const versions = [
    { version: "$LATEST", lastModified: "2026-12-01T15:02:00.000+0000" },
    { version: "5", lastModified: "2026-11-20T10:00:00.000+0000" },
    { version: "6", lastModified: "2026-11-28T10:00:00.000+0000" },
    { version: "7", lastModified: "2026-12-01T15:02:00.000+0000" },
  ];

  it("reads Lambda's timestamps", () => {
    expect(lambdaTime("2026-12-01T15:02:00.000+0000")).toBe(Date.parse("2026-12-01T15:02:00Z"));
    expect(lambdaTime("2026-12-01T17:02:00.000+0200")).toBe(Date.parse("2026-12-01T15:02:00Z"));
    expect(() => lambdaTime("yesterday")).toThrow(/not a time/);
  });

  it("goes back from the version this deploy published to the newest one before it", () => {
    expect(previousVersion(versions, "7", since)).toBe("6");
  });

  it("leaves a function this deploy did not change, or one with nothing before it", () => {
    expect(previousVersion(versions, "6", since)).toBeUndefined();
    expect(previousVersion([versions[3]!], "7", since)).toBeUndefined();
    expect(previousVersion(versions, "9", since)).toBeUndefined();
  });
});
