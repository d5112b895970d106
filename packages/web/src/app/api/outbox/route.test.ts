import * as Actor from "@bourse/core/actor";
import * as Session from "@bourse/core/auth/session";
import * as Email from "@bourse/core/email";
import { mailedTo } from "@bourse/core/email/testing";
import * as User from "@bourse/core/user";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as guest } from "@/app/api/auth/anonymous/route";
import { POST as magicLink } from "@/app/api/auth/magic-link/route";
import { GET as verify } from "@/app/api/auth/magic-link/verify/route";
import { Client, member, ORIGIN } from "@/server/auth.testing";
import { GET, POST } from "./route";

const sample = (subject = `route test ${Date.now()}`) => ({
  to: "reader@example.com",
  subject,
  text: "Hello",
});

/** A member made admin by the system actor, as an operator would (User.setRole). */
async function admin() {
  const who = await member("admin");
  await Actor.system("outbox-test", () => User.setRole(who.tokens.user.id, "admin"));
  return who;
}

describe("/api/outbox (on the local platform)", () => {
  // Mailed links point to the configured public URL only.
  beforeAll(() => {
    vi.stubEnv("BOURSE_PUBLIC_URL", ORIGIN);
  });

  it("is for admins: 401 without credentials, 403 for guests and members", async () => {
    const nobody = new Client();
    expect((await nobody.send(GET, "/api/outbox")).status).toBe(401);
    expect((await nobody.send(POST, "/api/outbox", { body: sample() })).status).toBe(401);

    const visitor = new Client();
    expect((await visitor.send(guest, "/api/auth/anonymous", { method: "POST" })).status).toBe(201);
    const plain = await member("plain");
    for (const [client, headers] of [
      [visitor, {}],
      [new Client(), plain.bearer],
    ] as const) {
      const listed = await client.send(GET, "/api/outbox", { headers });
      expect(listed.status).toBe(403);
      expect((await listed.json()).error.code).toBe("forbidden");
      expect((await client.send(POST, "/api/outbox", { body: sample(), headers })).status).toBe(403);
    }
  });

  it("queues a sample message with 202 for an admin and lists it newest first", async () => {
    const { bearer } = await admin();
    const client = new Client();
    const subject = `route test ${Date.now()}`;
    const sent = await client.send(POST, "/api/outbox", { body: sample(subject), headers: bearer });
    expect(sent.status).toBe(202);
    const email = await sent.json();
    expect(email).toMatchObject({ to: ["reader@example.com"], subject, status: "queued" });

    const listed = await client.send(GET, "/api/outbox?limit=10", { headers: bearer });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("cache-control")).toBe("no-store");
    const page = await listed.json();
    expect(page.items.map((m: { id: string }) => m.id)).toContain(email.id);
    expect(page).toHaveProperty("cursor");
  });

  it("accepts only reserved domains", async () => {
    const { bearer } = await admin();
    const client = new Client();
    for (const to of ["a@example.org", "a@mail.example.net", "a@bourse.test"])
      expect(
        (await client.send(POST, "/api/outbox", { body: { ...sample(), to }, headers: bearer })).status,
      ).toBe(202);
    for (const to of ["a@gmail.com", "a@example.com.evil.org", "a@notexample.com", "a@test"]) {
      const refused = await client.send(POST, "/api/outbox", { body: { ...sample(), to }, headers: bearer });
      expect(refused.status).toBe(400);
      expect((await refused.json()).error.details[0].path).toBe("to");
    }
  });

  it("refuses a malformed cursor with 400", async () => {
    const { bearer } = await admin();
    const response = await new Client().send(GET, "/api/outbox?cursor=%25%25", { headers: bearer });
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("validation_failed");
  });

  it("never shows a magic link's token, not even to admins; the mail SES delivered carries a working link", async () => {
    const who = await member("linked");
    const asked = await new Client().send(magicLink, "/api/auth/magic-link", { body: { email: who.email } });
    expect(asked.status).toBe(202);

    // Where the link really went: the local SES server's mailbox.
    const [mail] = await mailedTo(who.email);
    const link = new URL(/https?:\/\/\S+/.exec(mail?.text ?? "")?.[0] ?? "about:blank");
    const token = link.searchParams.get("token") ?? "";
    expect(token.length).toBeGreaterThanOrEqual(20);

    const ops = await admin();
    const listed = await (
      await new Client().send(GET, "/api/outbox?limit=100", { headers: ops.bearer })
    ).text();
    const item = (JSON.parse(listed).items as Email.Info[]).find((m) => m.to.includes(who.email));
    expect(item?.text).toContain("[sign-in link hidden]");
    expect(listed).not.toContain(token);
    expect(listed).not.toContain(encodeURIComponent(token));
    const asAdmin = await Session.authenticate(ops.tokens.accessToken);
    const inCore = await Actor.provide(asAdmin, async () => JSON.stringify(await Email.list({ limit: 100 })));
    expect(inCore).not.toContain(token);

    const browser = new Client();
    const opened = await browser.send(verify, `${link.pathname}${link.search}`);
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe(`${ORIGIN}/account`);
  });
});
