import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A bearer secret: 32 random bytes, base64url (43 characters). */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * Bearer secrets are stored as their SHA-256 only: they are long and random, so a fast hash is enough, and a
 * leaked table gives nothing that authenticates.
 */
export function sha256(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
