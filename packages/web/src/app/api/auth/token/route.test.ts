import * as AccessToken from "@bourse/core/auth/access-token";
import { describe, expect, it } from "vitest";
import { GET as me } from "@/app/api/me/route";
import { Client, claimsOf, jwt, member } from "@/server/auth.testing";
import { GET, POST } from "./route";

const token = (body: unknown) => new Client().send(POST, "/api/auth/token", { body });
const meWith = (accessToken: string) =>
  new Client().send(me, "/api/me", { headers: { authorization: `Bearer ${accessToken}` } });

describe("POST /api/auth/token", () => {
  it("password grant: OAuth-style tokens; the access token works as a bearer", async () => {
    const who = await member("tk");
    const response = await token({ grant_type: "password", email: who.email, password: who.password });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.getSetCookie()).toEqual([]);
    const body = await response.json();
    expect(body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 900,
    });
    const current = await meWith(body.access_token);
    expect(current.status).toBe(200);
    expect((await current.json()).user.id).toBe(who.tokens.user.id);
  });

  it("refresh grant rotates; reusing the old refresh token is a 401 and kills the rotated one too", async () => {
    const who = await member("tk");
    const first = await (
      await token({ grant_type: "password", email: who.email, password: who.password })
    ).json();
    const rotated = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(rotated.status).toBe(200);
    const second = await rotated.json();
    expect(second.refresh_token).not.toBe(first.refresh_token);

    const reuse = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(reuse.status).toBe(401);
    expect((await reuse.json()).error.code).toBe("refresh_token_reused");
    const afterReuse = await token({ grant_type: "refresh_token", refresh_token: second.refresh_token });
    expect(afterReuse.status).toBe(401);
    // The whole session is revoked: its access tokens stop working at once.
    expect((await meWith(second.access_token)).status).toBe(401);
  });

  it("answers 401 to a wrong password or a made-up refresh token, 400 to an unknown grant", async () => {
    const who = await member("tk");
    expect(
      (await token({ grant_type: "password", email: who.email, password: "wrong wrong wrong" })).status,
    ).toBe(401);
    expect((await token({ grant_type: "refresh_token", refresh_token: "x".repeat(43) })).status).toBe(401);
    const unknown = await token({ grant_type: "client_credentials" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.code).toBe("validation_failed");
  });

  it("answers 405 to GET", async () => {
    expect((await new Client().send(GET, "/api/auth/token")).status).toBe(405);
  });
});

describe("bearer tokens at the HTTP level", () => {
  it("refuses alg none, tampered, expired and other-key tokens with 401 invalid_token", async () => {
    const who = await member("bt");
    const claims = claimsOf(who.tokens.accessToken);
    const [head, , signature] = who.tokens.accessToken.split(".");
    const otherUser = Buffer.from(JSON.stringify({ ...claims, sub: "01OTHERUSER0000000000000000" })).toString(
      "base64url",
    );
    const hourAgo = new Date(Date.now() - 3_600_000);
    const forged = {
      "alg none": jwt(claims, { alg: "none" }),
      tampered: `${head}.${otherUser}.${signature}`,
      expired: (
        await AccessToken.sign(
          { userID: who.tokens.user.id, sessionID: who.tokens.sessionID, kind: "member" },
          hourAgo,
        )
      ).token,
      "other key": jwt(claims, { secret: "not the stage's signing key at all" }),
      garbage: "not-a-jwt",
    };
    expect((await meWith(who.tokens.accessToken)).status).toBe(200);
    for (const [name, forgery] of Object.entries(forged)) {
      const response = await meWith(forgery);
      expect(response.status, name).toBe(401);
      expect((await response.json()).error.code, name).toBe("invalid_token");
    }
  });

  it("a bearer request needs no Origin, and cookies are ignored when a bearer token is sent", async () => {
    const who = await member("bt");
    const response = await new Client().send(POST, "/api/auth/token", {
      body: { grant_type: "password", email: who.email, password: who.password },
      origin: false,
      headers: { ...who.bearer, cookie: "bourse_at=junk" },
    });
    expect(response.status).toBe(200);
  });
});
