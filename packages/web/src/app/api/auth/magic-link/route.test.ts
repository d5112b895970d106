import { deliveredTo } from "@bourse/core/email/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as anonymous } from "@/app/api/auth/anonymous/route";
import { GET as me } from "@/app/api/me/route";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "@/server/auth";
import { Client, member, ORIGIN, unique } from "@/server/auth.testing";
import { GET, POST } from "./route";
import { GET as verify } from "./verify/route";

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The sign-in links the local SES server received for an address (the outbox hides them). */
async function linksTo(address: string): Promise<URL[]> {
  return (await deliveredTo(address)).flatMap((mail) => {
    const link = /https?:\/\/\S+/.exec(mail.Body?.text_part ?? "")?.[0];
    return link ? [new URL(link)] : [];
  });
}

const FORGED = { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", host: "evil.example" };

describe("POST /api/auth/magic-link and GET /api/auth/magic-link/verify", () => {
  it("mails a link to a member; the link signs in once (303 to /account with cookies)", async () => {
    const who = await member("ml");
    const response = await new Client().send(POST, "/api/auth/magic-link", { body: { email: who.email } });
    expect(response.status).toBe(202);
    const links = await linksTo(who.email);
    expect(links).toHaveLength(1);
    const link = links[0]!;
    expect(link.origin).toBe(ORIGIN);
    expect(link.pathname).toBe("/api/auth/magic-link/verify");

    const browser = new Client();
    const opened = await browser.send(verify, `${link.pathname}${link.search}`);
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe(`${ORIGIN}/account`);
    expect(browser.cookie(ACCESS_COOKIE)).toBeTruthy();
    expect(browser.cookie(REFRESH_COOKIE)).toBeTruthy();
    expect((await (await browser.send(me, "/api/me")).json()).user.id).toBe(who.tokens.user.id);

    const again = await new Client().send(verify, `${link.pathname}${link.search}`);
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(`${ORIGIN}/login?error=invalid_link`);
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  it("builds the mailed link and the redirects from BOURSE_PUBLIC_URL, never X-Forwarded-Host", async () => {
    vi.stubEnv("BOURSE_PUBLIC_URL", "https://bourse.example");
    const who = await member("ml");
    const asked = await new Client().send(POST, "/api/auth/magic-link", {
      body: { email: who.email },
      headers: FORGED,
      origin: "https://bourse.example",
    });
    expect(asked.status).toBe(202);
    const [link] = await linksTo(who.email);
    expect(link?.origin).toBe("https://bourse.example");
    const opened = await new Client().send(verify, `${link!.pathname}${link!.search}`, { headers: FORGED });
    expect(opened.headers.get("location")).toBe("https://bourse.example/account");
    const bad = await new Client().send(verify, "/api/auth/magic-link/verify?token=x", { headers: FORGED });
    expect(bad.headers.get("location")).toBe("https://bourse.example/login?error=invalid_link");
  });

  it("refuses to mail a link when BOURSE_PUBLIC_URL is unset: 503 not_configured, nothing sent", async () => {
    vi.stubEnv("BOURSE_PUBLIC_URL", "");
    const who = await member("ml");
    const response = await new Client().send(POST, "/api/auth/magic-link", {
      body: { email: who.email },
      headers: FORGED,
      origin: false,
    });
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe("not_configured");
    expect(await linksTo(who.email)).toEqual([]);
  });

  it("ends the guest session of the browser that opens the link", async () => {
    const who = await member("ml");
    await new Client().send(POST, "/api/auth/magic-link", { body: { email: who.email } });
    const [link] = await linksTo(who.email);
    const browser = new Client();
    await browser.send(anonymous, "/api/auth/anonymous", { method: "POST" });
    const guest = browser.cookie(ACCESS_COOKIE);
    expect((await browser.send(verify, `${link!.pathname}${link!.search}`)).status).toBe(303);
    const old = await new Client().send(me, "/api/me", { headers: { authorization: `Bearer ${guest}` } });
    expect(old.status).toBe(401);
  });

  it("answers 202 for an unknown email too, and mails nothing", async () => {
    const nobody = unique("ml").email;
    const response = await new Client().send(POST, "/api/auth/magic-link", { body: { email: nobody } });
    expect(response.status).toBe(202);
    expect(await linksTo(nobody)).toEqual([]);
  });

  it("redirects a made-up or missing token to the log-in page", async () => {
    for (const query of ["?token=made-up-token-made-up-token-123", "?token=", ""]) {
      const response = await new Client().send(verify, `/api/auth/magic-link/verify${query}`);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`${ORIGIN}/login?error=invalid_link`);
    }
  });

  it("answers 400 to a body without email and 405 to other methods", async () => {
    expect((await new Client().send(POST, "/api/auth/magic-link", { body: {} })).status).toBe(400);
    expect((await new Client().send(GET, "/api/auth/magic-link")).status).toBe(405);
  });
});
