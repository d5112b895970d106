export * as AccessToken from "./access-token";

import { decodeJwt, jwtVerify, SignJWT } from "jose";
import { Resource } from "sst";
import * as z from "zod";
import { systemClock } from "../util/clock";
import { AuthError } from "./errors";

/**
 * Short-lived JWT access tokens: HS256 with the stage's `JwtSigningKey` secret, 15 minutes. Verification
 * accepts HS256 only (so `alg: none` and key-confusion tricks fail), and checks issuer, audience and expiry.
 * Revocation is the session's business: `Session.authenticate` checks the session behind the token.
 */
export const ISSUER = "bourse";
export const AUDIENCE = "bourse";
export const TTL_SECONDS = 15 * 60;
const ALGORITHM = "HS256";

export const Claims = z.object({
  userID: z.string().min(1),
  sessionID: z.string().min(1),
  kind: z.enum(["anonymous", "member"]),
});
export type Claims = z.infer<typeof Claims>;

let cached: { secret: string; key: Uint8Array<ArrayBuffer> } | undefined;
function key(): Uint8Array<ArrayBuffer> {
  const secret = Resource.JwtSigningKey.value;
  if (cached?.secret !== secret) {
    const bytes = new TextEncoder().encode(secret);
    // HS256 wants a key of at least 256 bits; a short one would be guessable offline from any token.
    if (bytes.length < 32) throw new Error("JwtSigningKey is shorter than 32 bytes: set a longer secret");
    cached = { secret, key: bytes };
  }
  return cached.key;
}

type VerificationKey = ReturnType<typeof crypto.subtle.importKey>;
let verifying: { secret: string; key: VerificationKey } | undefined;
/** The key as a CryptoKey, imported once per secret (given bytes, jose imports them again on every call). */
function verificationKey(): VerificationKey {
  const bytes = key();
  const secret = Resource.JwtSigningKey.value;
  if (verifying?.secret !== secret)
    verifying = {
      secret,
      key: crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]),
    };
  return verifying.key;
}

export async function sign(
  claims: Claims,
  now: Date = systemClock(),
): Promise<{ token: string; expiresIn: number }> {
  const { userID, sessionID, kind } = Claims.parse(claims);
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ sid: sessionID, kind })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setSubject(userID)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + TTL_SECONDS)
    .sign(key());
  return { token, expiresIn: TTL_SECONDS };
}

const Payload = z.object({ sub: z.string().min(1), sid: z.string().min(1), kind: Claims.shape.kind });

/** The claims of a valid token; anything else (malformed, forged, expired, foreign) is `invalid_token`. */
export async function verify(token: string, now: Date = systemClock()): Promise<Claims> {
  const invalid = new AuthError("invalid_token", "Invalid or expired access token");
  if (typeof token !== "string" || token.length > 4096) throw invalid;
  try {
    const { payload } = await jwtVerify(token, await verificationKey(), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ["sub", "exp", "iat"],
    });
    const claims = Payload.parse(payload);
    return { userID: claims.sub, sessionID: claims.sid, kind: claims.kind };
  } catch {
    throw invalid;
  }
}

/**
 * Whether a token says it has expired (its `exp` is past), read without verifying it: a hint for asking a
 * browser to refresh, never a reason to trust the token. Malformed: false.
 */
export function expired(token: string, now: Date = systemClock()): boolean {
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" && exp * 1000 <= now.getTime();
  } catch {
    return false;
  }
}
