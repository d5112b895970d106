import { afterEach, describe, expect, it, vi } from "vitest";
import { ValidationError } from "../error";
import * as Password from "./password";

afterEach(() => {
  vi.unstubAllEnvs();
});

function messageOf(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error("expected a ValidationError");
}

describe("Password rules", () => {
  it("accepts a long uncommon password", () => {
    expect(() => Password.check("violet tapestry 42", { email: "ann@example.com" })).not.toThrow();
  });

  it("needs at least 10 characters and at most 128", () => {
    expect(messageOf(() => Password.check("short1!"))).toMatch(/^password: must be at least 10 characters/);
    expect(() => Password.check("exactly10!")).not.toThrow();
    expect(messageOf(() => Password.check("x".repeat(129)))).toMatch(/at most 128/);
  });

  it("refuses common passwords, whatever their case", () => {
    expect(messageOf(() => Password.check("Password123"))).toMatch(/too common/);
    expect(messageOf(() => Password.check("QWERTYUIOP"))).toMatch(/too common/);
  });

  it("refuses the email address and its local part", () => {
    const email = "Jean.Dupont1@example.com";
    expect(messageOf(() => Password.check("jean.dupont1@example.com", { email }))).toMatch(/email/);
    expect(messageOf(() => Password.check("JEAN.DUPONT1", { email }))).toMatch(/email/);
    expect(() => Password.check("jean.dupont1 is my name", { email })).not.toThrow();
  });

  it("says every broken rule on the password field", () => {
    try {
      Password.check("qwertyuiop", { email: "qwertyuiop@example.com" });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).details).toEqual([
        { path: "password", message: expect.stringMatching(/common/) },
        { path: "password", message: expect.stringMatching(/email/) },
      ]);
    }
  });
});

describe("Password hashing", () => {
  it("verifies the right password only, and survives malformed hashes", async () => {
    const hash = await Password.hash("violet tapestry 42");
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(await Password.verify("violet tapestry 42", hash)).toBe(true);
    expect(await Password.verify("violet tapestry 43", hash)).toBe(false);
    expect(await Password.verify("violet tapestry 42", "not a hash")).toBe(false);
  });

  it("tells passwords apart beyond bcrypt's 72 bytes", async () => {
    const long = "a".repeat(80);
    const hash = await Password.hash(`${long}1`);
    expect(await Password.verify(`${long}2`, hash)).toBe(false);
  });

  it("never goes under cost 10 in production, whatever the environment says", () => {
    expect(Password.cost({ NODE_ENV: "production", BOURSE_BCRYPT_COST: "4" })).toBe(10);
    expect(
      Password.cost({ NODE_ENV: "production", BOURSE_BCRYPT_COST: "4", BOURSE_ALLOW_WEAK_BCRYPT: "1" }),
    ).toBe(10);
    expect(Password.cost({ NODE_ENV: "production" })).toBe(12);
    expect(Password.cost({ NODE_ENV: "production", BOURSE_BCRYPT_COST: "11" })).toBe(11);
    expect(Password.cost({ NODE_ENV: "development", BOURSE_BCRYPT_COST: "4" })).toBe(10);
    expect(
      Password.cost({ NODE_ENV: "development", BOURSE_BCRYPT_COST: "4", BOURSE_ALLOW_WEAK_BCRYPT: "1" }),
    ).toBe(4);
    expect(Password.cost({ NODE_ENV: "test", BOURSE_BCRYPT_COST: "4" })).toBe(4);
    expect(Password.cost({ NODE_ENV: "test", BOURSE_BCRYPT_COST: "1" })).toBe(4);
    expect(Password.cost({ NODE_ENV: "production", BOURSE_BCRYPT_COST: "lots" })).toBe(12);
    expect(Password.cost({ NODE_ENV: "production", BOURSE_BCRYPT_COST: "31" })).toBe(15);
  });

  it("flags hashes weaker than today's cost for re-hashing", async () => {
    const weak = await Password.hash("violet tapestry 42");
    expect(Password.needsRehash(weak)).toBe(false);
    vi.stubEnv("BOURSE_BCRYPT_COST", "5");
    expect(Password.needsRehash(weak)).toBe(true);
  });
});
