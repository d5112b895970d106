import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import * as Actor from "../actor";
import * as Auth from "../auth";
import * as Session from "../auth/session";
import { PASSWORD, unique as unique_ } from "../auth/testing";
import { ForbiddenError, UnauthorizedError, ValidationError } from "../error";
import * as User from "../user";
import * as Email from ".";
import { claimedMail, receivedFor, stored, undeliverableMail } from "./testing";

const system = <R>(run: () => Promise<R>) => Actor.system("email-test", run);

async function signedIn(role: "user" | "admin"): Promise<Actor.Info> {
  const u = unique_(`mail${role}`);
  const tokens = await Auth.signup({ ...u, password: PASSWORD }, { ip: u.ip });
  if (role === "admin") await system(() => User.setRole(tokens.user.id, "admin"));
  return Session.authenticate(tokens.accessToken);
}

/** A mail to a unique address, so what SES received can be told apart from other tests' mail. */
const unique = (subject = "Hello") => ({
  to: `reader.${ulid().toLowerCase()}@example.com`,
  subject: `${subject} ${ulid()}`,
  text: "Body",
});

/** A cursor shaped like ElectroDB's (base64url of a key's JSON) whose key matches no index of ours. */
function forgedCursor(): string {
  const key = Buffer.from(JSON.stringify({ pk: "x", sk: "y", nope: "z" })).toString("base64url");
  return Buffer.from(key).toString("base64url");
}

describe("Email", () => {
  it("queues mail, and five overlapping deliveries reach SES exactly once", async () => {
    const queued = await Email.send(unique());
    expect(queued.status).toBe("queued");

    // The Mailer subscriber races these too: whoever claims the mail first sends it, the rest skip or wait.
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => Email.deliver(queued.id)));
    for (const outcome of outcomes)
      if (outcome.status === "rejected") expect(outcome.reason).toBeInstanceOf(Email.BusyError);
    expect(outcomes.filter((o) => o.status === "fulfilled" && o.value === "sent").length).toBeLessThanOrEqual(
      1,
    );
    await expect.poll(async () => (await system(() => Email.get(queued.id)))?.status).toBe("sent");

    // Counted where it matters: what the SES server received, whatever the outbox item says.
    expect(await receivedFor(queued.id)).toHaveLength(1);
    const sent = await system(() => Email.get(queued.id));
    expect((await receivedFor(queued.id))[0]!.Id).toBe(sent?.messageID);
  });

  it("takes over a claim whose lease lapsed (its sender crashed), and sends once", async () => {
    const id = await claimedMail(Date.now() - 1000);
    // The Mailer sees the INSERT too: whichever delivery takes it over, SES gets it once.
    await Email.deliver(id).catch((error) => expect(error).toBeInstanceOf(Email.BusyError));
    await expect.poll(async () => (await stored(id))?.status).toBe("sent");
    expect(await receivedFor(id)).toHaveLength(1);
    expect(await Email.deliver(id)).toBe("skipped");
  });

  it("leaves a live claim alone (busy) until its lease lapses, then a successor sends it", async () => {
    const leaseUntil = Date.now() + Email.LEASE_MS;
    const id = await claimedMail(leaseUntil);
    await expect(Email.deliver(id)).rejects.toBeInstanceOf(Email.BusyError);
    await platformIdle();
    expect(await receivedFor(id)).toHaveLength(0);
    expect((await stored(id))?.status).toBe("sending");

    const later = () => new Date(leaseUntil + 1);
    expect(await Email.deliver(id, later)).toBe("sent");
    expect(await Email.deliver(id, later)).toBe("skipped");
    expect(await receivedFor(id)).toHaveLength(1);
    expect(await stored(id)).toMatchObject({ status: "sent" });
    expect((await stored(id))?.lease).toBeUndefined();
  }, 60_000);

  it("gives up from queued or sending, never after sent; a mail SES refuses is dead at once", async () => {
    const sending = await claimedMail(Date.now() + Email.LEASE_MS);
    await Email.fail(sending, "SES refused it");
    expect(await stored(sending)).toMatchObject({ status: "failed", error: "SES refused it" });

    // SES refuses this one (400: no retry can help), so the Mailer records it dead, once.
    const undeliverable = await undeliverableMail();
    await Email.deliver(undeliverable).catch(() => undefined);
    await expect.poll(async () => (await stored(undeliverable))?.status).toBe("dead");
    expect(await stored(undeliverable)).toMatchObject({
      attempts: 1,
      error: expect.stringMatching(/^ses 400/),
    });
    await Email.fail(undeliverable, "bad address");
    expect((await stored(undeliverable))?.status).toBe("dead");
    expect(await Email.deliver(undeliverable)).toBe("skipped");
    const queued = await Email.send(unique("Given up"));
    await Email.fail(queued.id, "operator");
    expect(await stored(queued.id)).toMatchObject({ status: "failed", error: "operator" });

    const sent = await Email.send(unique("Delivered"));
    await Email.deliver(sent.id).catch(() => undefined);
    await expect.poll(async () => (await stored(sent.id))?.status).toBe("sent");
    await Email.fail(sent.id, "too late");
    expect(await stored(sent.id)).toMatchObject({ status: "sent" });
  });

  it("keeps a mail's secrets out of every listing; only the delivered mail carries them", async () => {
    const secret = `s3cr3t-${ulid()}`;
    const queued = await Email.send({
      ...unique("Sign in"),
      text: "Open {{link}} to sign in; {{other}} stays as written.",
      secrets: { link: { value: `https://bourse.test/verify?token=${secret}`, label: "sign-in link" } },
    });
    expect(JSON.stringify(queued)).not.toContain(secret);
    expect(queued.text).toBe("Open [sign-in link hidden] to sign in; {{other}} stays as written.");

    await Email.deliver(queued.id).catch(() => undefined);
    await expect.poll(async () => (await system(() => Email.get(queued.id)))?.status).toBe("sent");
    const [mail] = await receivedFor(queued.id);
    expect(mail?.Body?.text_part).toBe(
      `Open https://bourse.test/verify?token=${secret} to sign in; {{other}} stays as written.`,
    );
    const listed = await system(() => Email.list({ limit: 100 }));
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(await system(() => Email.get(queued.id)))).not.toContain(secret);
    // Once sent, the stored item no longer holds it at all.
    expect(JSON.stringify(await stored(queued.id))).not.toContain(secret);
  });

  it("refuses a secret the mail does not place", () => {
    expect(() =>
      Email.send({ ...unique(), secrets: { link: { value: "https://x.test/t", label: "link" } } }),
    ).toThrow(ValidationError);
  });

  it("opens the outbox to admins only: 401 without an actor, 403 for anyone else", async () => {
    const mail = await Email.send(unique());
    const sample = { to: "ops@example.com", subject: "Sample", text: "Hi" };
    await expect(Email.list({})).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(Email.sendSample(sample)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(Email.get(mail.id)).rejects.toBeInstanceOf(UnauthorizedError);

    const guest = { type: "anonymous", properties: { userID: ulid(), sessionID: ulid() } } as const;
    for (const actor of [await signedIn("user"), guest]) {
      await expect(Actor.provide(actor, () => Email.list({}))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(Actor.provide(actor, () => Email.sendSample(sample))).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(Actor.provide(actor, () => Email.get(mail.id))).rejects.toBeInstanceOf(ForbiddenError);
    }

    const admin = await signedIn("admin");
    expect((await Actor.provide(admin, () => Email.list({ limit: 100 }))).items.map((m) => m.id)).toContain(
      mail.id,
    );
    expect(await Actor.provide(admin, () => Email.sendSample(sample))).toMatchObject({ status: "queued" });
  });

  it("lists the outbox newest first with an opaque cursor", async () => {
    const a = await Email.send({ to: "a@example.com", subject: "first", text: "1" });
    const b = await Email.send({ to: "b@example.com", subject: "second", text: "2" });
    const ids = (await system(() => Email.list({ limit: 100 }))).items.map((i) => i.id);
    expect(ids.indexOf(b.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));

    const page = await system(() => Email.list({ limit: 1 }));
    const next = await system(() => Email.list({ limit: 1, cursor: page.cursor! }));
    expect(page.cursor).not.toContain("email");
    expect(next.items[0]!.id < page.items[0]!.id).toBe(true);
  });

  it("refuses bad input with a validation error", async () => {
    // Input is checked before any I/O starts: the verb throws rather than returning a promise.
    expect(() => Email.send({ to: "not-an-address", subject: "x", text: "y" })).toThrow(ValidationError);
    await expect(system(() => Email.list({ cursor: "%%%" }))).rejects.toBeInstanceOf(ValidationError);
    // Well-formed, but a key of nothing of ours: DynamoDB refuses it, and that is the client's fault (400).
    await expect(system(() => Email.list({ cursor: forgedCursor() }))).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
