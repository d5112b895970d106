import { Email } from "@bourse/core/email";
import { describe, expect, it } from "vitest";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "../../../../server/auth";
import { Client, member, ORIGIN, unique } from "../../../../server/auth.testing";
import { GET as me } from "../../me/route";
import { GET, POST } from "./route";
import { GET as verify } from "./verify/route";

async function mailTo(address: string) {
  const page = await Email.list({ limit: 100 });
  return page.items.filter((m) => m.to.includes(address));
}

const linkIn = (text: string) => /https?:\/\/\S+/.exec(text)?.[0] ?? "";

describe("POST /api/auth/magic-link and GET /api/auth/magic-link/verify", () => {
  it("mails a link to a member; the link signs in once (303 to /account with cookies)", async () => {
    const who = await member("ml");
    const response = await new Client().send(POST, "/api/auth/magic-link", { body: { email: who.email } });
    expect(response.status).toBe(202);
    const mails = await mailTo(who.email);
    expect(mails).toHaveLength(1);
    const link = new URL(linkIn(mails[0]!.text));
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

  it("answers 202 for an unknown email too, and mails nothing", async () => {
    const nobody = unique("ml").email;
    const response = await new Client().send(POST, "/api/auth/magic-link", { body: { email: nobody } });
    expect(response.status).toBe(202);
    expect(await mailTo(nobody)).toEqual([]);
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
