export * as Password from "./password";

import { createHash, randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";
import * as z from "zod";
import { ValidationError } from "../error";

/**
 * Passwords: bcrypt (bcryptjs) over a SHA-256 pre-hash, so every character counts (bcrypt alone ignores
 * bytes after the 72nd) and no NUL byte reaches it.
 *
 * Cost: `BOURSE_BCRYPT_COST` (default 12). Production never goes under 10; costs 4–9 are for tests
 * (NODE_ENV=test) or when `BOURSE_ALLOW_WEAK_BCRYPT=1` outside production; anything above 15 is capped.
 */
export const DEFAULT_COST = 12;
export const MIN_PRODUCTION_COST = 10;

export function cost(env: NodeJS.ProcessEnv = process.env): number {
  const asked = Number(env.BOURSE_BCRYPT_COST ?? DEFAULT_COST);
  const value = Number.isInteger(asked) ? asked : DEFAULT_COST;
  const weakAllowed =
    env.NODE_ENV !== "production" && (env.NODE_ENV === "test" || env.BOURSE_ALLOW_WEAK_BCRYPT === "1");
  return Math.min(15, Math.max(weakAllowed ? 4 : MIN_PRODUCTION_COST, value));
}

function prehash(plain: string): string {
  return createHash("sha256").update(plain.normalize("NFKC"), "utf8").digest("base64");
}

export async function hash(plain: string): Promise<string> {
  return bcrypt.hash(prehash(plain), cost());
}

/** Never throws on a malformed hash: it is simply no match. */
export async function verify(plain: string, hashed: string): Promise<boolean> {
  try {
    return await bcrypt.compare(prehash(plain), hashed);
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with a lower cost than today's (worth re-hashing at the next log-in). */
export function needsRehash(hashed: string): boolean {
  try {
    return bcrypt.getRounds(hashed) < cost();
  } catch {
    return true;
  }
}

let dummy: { cost: number; hash: Promise<string> } | undefined;
/**
 * A hash of nothing anyone knows, at today's cost: log-in compares against it for an unknown email so that
 * the answer takes about as long as for a known one (no account enumeration by timing).
 */
export function dummyHash(): Promise<string> {
  if (dummy?.cost !== cost())
    dummy = { cost: cost(), hash: hash(`dummy ${randomBytes(16).toString("hex")}`) };
  return dummy.hash;
}

/** Passwords people pick first (lower-case); a longer list belongs in a breach-corpus check. */
export const COMMON = new Set([
  "1234567890",
  "12345678910",
  "123456789a",
  "0123456789",
  "0987654321",
  "1111111111",
  "1234512345",
  "1q2w3e4r5t",
  "1qaz2wsx3edc",
  "abcdefghij",
  "abcd1234567",
  "administrator",
  "baseball123",
  "basketball",
  "bourse1234",
  "bourse12345",
  "changeme123",
  "charlie123",
  "dragon1234",
  "football123",
  "iloveyou12",
  "iloveyou123",
  "letmein123",
  "letmein1234",
  "monkey12345",
  "passw0rd123",
  "password",
  "password1",
  "password12",
  "password123",
  "password1234",
  "password12345",
  "password!",
  "p@ssw0rd123",
  "p@ssword123",
  "princess123",
  "qazwsxedc123",
  "qwerty1234",
  "qwerty12345",
  "qwerty123456",
  "qwertyuiop",
  "qwertyuiop1",
  "qwertyuiop123",
  "starwars123",
  "sunshine123",
  "superman123",
  "trustno1234",
  "welcome123",
  "welcome1234",
  "whatever123",
  "zaq12wsxcde",
  "1q2w3e4r5t6y",
  "asdfghjkl1",
  "asdfghjkl123",
  "zxcvbnm123",
  "zxcvbnmasd",
  "aaaaaaaaaa",
  "0000000000",
  "9876543210",
  "michael123",
  "jennifer123",
  "computer123",
  "internet123",
  "secret1234",
  "mypassword",
  "mypassword1",
  "mypassword123",
  "test123456",
  "testtest12",
  "admin12345",
  "admin123456",
  "login12345",
  "master1234",
  "shadow1234",
  "hello12345",
  "freedom123",
  "trading123",
  "stocks1234",
  "investing1",
  "bitcoin123",
  "ethereum123",
  "moneymoney",
  "makemoney1",
]);

export const MIN_LENGTH = 10;
export const MAX_LENGTH = 128;

/** The rules every new password follows (the email rule needs the email: see `check`). */
export const Rules = z
  .string()
  .min(MIN_LENGTH, `must be at least ${MIN_LENGTH} characters`)
  .max(MAX_LENGTH, `must be at most ${MAX_LENGTH} characters`)
  .refine((p) => !COMMON.has(p.toLowerCase()), "is too common: pick something less guessable")
  .describe(`${MIN_LENGTH}–${MAX_LENGTH} characters, not a common password, not your email`);

/** Checks a new password against the rules; throws a ValidationError on the `password` field. */
export function check(plain: string, context: { email?: string | null } = {}): void {
  const issues: string[] = [];
  const parsed = Rules.safeParse(plain);
  if (!parsed.success) issues.push(...parsed.error.issues.map((i) => i.message));
  const email = context.email?.trim().toLowerCase();
  const lowered = typeof plain === "string" ? plain.trim().toLowerCase() : "";
  if (email && (lowered === email || lowered === email.split("@")[0]))
    issues.push("must not be your email address or its part before the @");
  if (issues.length)
    throw new ValidationError(
      `password: ${issues.join("; ")}`,
      issues.map((message) => ({ path: "password", message })),
    );
}
