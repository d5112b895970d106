import { generateKeyPair, SignJWT } from "jose";
import { Resource } from "sst";
import { describe, expect, it } from "vitest";
import { UnauthorizedError } from "../error";
import * as AccessToken from "./access-token";

const claims = { userID: "01USER", sessionID: "01SESSION", kind: "member" } as const;
const key = new TextEncoder().encode(Resource.JwtSigningKey.value);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

async function rejected(token: string, now?: Date) {
  const error = await AccessToken.verify(token, now).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnauthorizedError);
  expect(error).toMatchObject({ code: "invalid_token" });
}

/** A token as ours, with one thing changed. */
function forge(change: (jwt: SignJWT) => SignJWT = (jwt) => jwt, alg = "HS256") {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ sid: claims.sessionID, kind: claims.kind })
    .setProtectedHeader({ alg, typ: "JWT" })
    .setSubject(claims.userID)
    .setIssuer("bourse")
    .setAudience("bourse")
    .setIssuedAt(now)
    .setExpirationTime(now + 900);
  return change(jwt);
}

describe("AccessToken", () => {
  it("signs 15-minute HS256 tokens that verify back to their claims", async () => {
    const now = new Date();
    const { token, expiresIn } = await AccessToken.sign(claims, now);
    expect(expiresIn).toBe(900);
    const header = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString());
    const payload = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString());
    expect(header.alg).toBe("HS256");
    expect(payload).toMatchObject({
      iss: "bourse",
      aud: "bourse",
      sub: claims.userID,
      sid: claims.sessionID,
    });
    expect(payload.exp - payload.iat).toBe(900);
    expect(await AccessToken.verify(token, now)).toEqual(claims);
    // A forged-looking token made the same way with the right key is accepted: the checks below are real.
    expect(await AccessToken.verify(await forge().sign(key))).toEqual(claims);
  });

  it("rejects an expired token, and accepts it just before", async () => {
    const issued = new Date("2030-01-01T00:00:00Z");
    const { token } = await AccessToken.sign(claims, issued);
    expect(await AccessToken.verify(token, new Date(issued.getTime() + 14 * 60_000))).toEqual(claims);
    await rejected(token, new Date(issued.getTime() + 15 * 60_000 + 1000));
  });

  it("tells an expired token from a live or malformed one, without verifying it", async () => {
    const issued = new Date("2030-01-01T00:00:00Z");
    const { token } = await AccessToken.sign(claims, issued);
    expect(AccessToken.expired(token, new Date(issued.getTime() + 14 * 60_000))).toBe(false);
    expect(AccessToken.expired(token, new Date(issued.getTime() + 15 * 60_000))).toBe(true);
    expect(AccessToken.expired("not a token", issued)).toBe(false);
    expect(AccessToken.expired(`${b64({ alg: "none" })}.${b64({ sub: "x" })}.`, issued)).toBe(false);
  });

  it("rejects alg none", async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      sub: "01USER",
      sid: "01SESSION",
      kind: "member",
      iss: "bourse",
      aud: "bourse",
      iat: now,
      exp: now + 900,
    };
    await rejected(`${b64({ alg: "none", typ: "JWT" })}.${b64(payload)}.`);
    await rejected(`${b64({ alg: "none" })}.${b64(payload)}`);
  });

  it("rejects a tampered payload or signature", async () => {
    const { token } = await AccessToken.sign(claims);
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const elevated = b64({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), sub: "01ADMIN" });
    await rejected(`${header}.${elevated}.${signature}`);
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    await rejected(`${header}.${payload}.${flipped}`);
    await rejected(`${header}.${payload}.`);
  });

  it("rejects a token signed with another key", async () => {
    await rejected(await forge().sign(new TextEncoder().encode("another-key-entirely-32-bytes-long!!")));
  });

  it("rejects other algorithms, even with the right key", async () => {
    await rejected(await forge(undefined, "HS512").sign(key));
    const { privateKey } = await generateKeyPair("RS256");
    await rejected(await forge(undefined, "RS256").sign(privateKey));
  });

  it("rejects the wrong issuer or audience, and missing claims", async () => {
    await rejected(await forge((j) => j.setIssuer("someone-else")).sign(key));
    await rejected(await forge((j) => j.setAudience("another-app")).sign(key));
    const now = Math.floor(Date.now() / 1000);
    const noSession = new SignJWT({ kind: "member" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("01USER")
      .setIssuer("bourse")
      .setAudience("bourse")
      .setIssuedAt(now)
      .setExpirationTime(now + 900);
    await rejected(await noSession.sign(key));
    const noExpiry = new SignJWT({ sid: "s", kind: "member" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("01USER")
      .setIssuer("bourse")
      .setAudience("bourse")
      .setIssuedAt(now);
    await rejected(await noExpiry.sign(key));
  });

  it("rejects garbage", async () => {
    for (const token of ["", "abc", "a.b.c", "x".repeat(5000)]) await rejected(token);
  });
});
