import { deliveredTo } from "@bourse/core/email/testing";
import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as requestLink } from "@/app/api/auth/magic-link/route";
import { GET as verify } from "@/app/api/auth/magic-link/verify/route";
import { POST as signup } from "@/app/api/auth/signup/route";
import { GET as me } from "@/app/api/me/route";
import { Client, PASSWORD, unique } from "@/server/auth.testing";
import { GET, POST } from "./route";

const NEW_PASSWORD = "a much better passphrase 42";

/** Asks for `count` sign-in links and returns their paths (as received by the local SES server). */
async function links(email: string, count: number): Promise<string[]> {
  for (let i = 0; i < count; i++)
    await new Client().send(requestLink, "/api/auth/magic-link", { body: { email } });
  const paths = (await deliveredTo(email)).flatMap((mail) => {
    const link = /https?:\/\/\S+verify\S+/.exec(mail.Body?.text_part ?? "")?.[0];
    return link ? [new URL(link)].map((u) => `${u.pathname}${u.search}`) : [];
  });
  expect(paths).toHaveLength(count);
  return paths;
}

describe("POST /api/me/password", () => {
  it("changes the password (204): other sessions end, this one carries on, the new one logs in", async () => {
    const who = unique("pw");
    const here = new Client();
    const elsewhere = new Client();
    expect((await here.send(signup, "/api/auth/signup", { body: who })).status).toBe(201);
    expect((await elsewhere.send(login, "/api/auth/login", { body: who })).status).toBe(200);

    const response = await here.send(POST, "/api/me/password", {
      body: { current: PASSWORD, next: NEW_PASSWORD },
    });
    expect(response.status).toBe(204);
    expect((await here.send(me, "/api/me")).status).toBe(200);
    expect((await elsewhere.send(me, "/api/me")).status).toBe(401);
    const old = await new Client().send(login, "/api/auth/login", { body: who });
    expect(old.status).toBe(401);
    const fresh = await new Client().send(login, "/api/auth/login", {
      body: { email: who.email, password: NEW_PASSWORD },
    });
    expect(fresh.status).toBe(200);
  });

  it("answers 401 to a wrong current password and 400 to a weak new one", async () => {
    const who = unique("pw");
    const client = new Client();
    await client.send(signup, "/api/auth/signup", { body: who });
    const wrong = await client.send(POST, "/api/me/password", {
      body: { current: "not my password at all", next: NEW_PASSWORD },
    });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe("invalid_credentials");
    const weak = await client.send(POST, "/api/me/password", {
      body: { current: PASSWORD, next: "password123" },
    });
    expect(weak.status).toBe(400);
    expect((await weak.json()).error.details[0].path).toBe("password");
  });

  it("resets without the current password after a magic-link sign-in; old links and other sessions die", async () => {
    const who = unique("rs");
    const elsewhere = new Client();
    expect((await elsewhere.send(signup, "/api/auth/signup", { body: who })).status).toBe(201);
    const [first, second] = await links(who.email, 2);
    const browser = new Client();
    expect((await browser.send(verify, first!)).status).toBe(303);
    const session = (await (await browser.send(me, "/api/me")).json()).session;
    expect(session).toMatchObject({ method: "magic-link" });
    expect(session.passwordResetUntil).toBeGreaterThan(Date.now() + 14 * 60_000);

    const reset = await browser.send(POST, "/api/me/password", { body: { next: NEW_PASSWORD } });
    expect(reset.status).toBe(204);
    expect((await browser.send(me, "/api/me")).status).toBe(200);
    expect((await elsewhere.send(me, "/api/me")).status).toBe(401);
    const old = await new Client().send(verify, second!);
    expect(old.headers.get("location")).toMatch(/\/login\?error=invalid_link$/);
    const fresh = await new Client().send(login, "/api/auth/login", {
      body: { email: who.email, password: NEW_PASSWORD },
    });
    expect(fresh.status).toBe(200);
  });

  it("refuses a change without the current password to a password session (400 on `current`)", async () => {
    const who = unique("rs");
    const client = new Client();
    await client.send(signup, "/api/auth/signup", { body: who });
    expect((await (await client.send(me, "/api/me")).json()).session).toMatchObject({
      method: "signup",
      passwordResetUntil: null,
    });
    const response = await client.send(POST, "/api/me/password", { body: { next: NEW_PASSWORD } });
    expect(response.status).toBe(400);
    expect((await response.json()).error.details[0].path).toBe("current");
    expect((await new Client().send(login, "/api/auth/login", { body: who })).status).toBe(200);
  });

  it("is 401 without a session and 405 to GET", async () => {
    expect(
      (await new Client().send(POST, "/api/me/password", { body: { current: "a", next: NEW_PASSWORD } }))
        .status,
    ).toBe(401);
    expect((await new Client().send(GET, "/api/me/password")).status).toBe(405);
  });
});
