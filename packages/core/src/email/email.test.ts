import { describe, expect, it } from "vitest";
import { ValidationError } from "../error";
import { Email } from ".";

describe("Email", () => {
  it("queues mail, and delivery through SES happens once however often it is replayed", async () => {
    const queued = await Email.send({ to: "reader@example.com", subject: "Hello", text: "Body" });
    expect(queued.status).toBe("queued");

    // The Mailer subscriber may already have delivered it: either way it ends sent exactly once.
    const outcomes = [await Email.deliver(queued.id), await Email.deliver(queued.id)];
    expect(outcomes.filter((o) => o === "sent").length).toBeLessThanOrEqual(1);
    const sent = await Email.get(queued.id);
    expect(sent?.status).toBe("sent");
    expect(sent?.messageID).toBeTruthy();

    const outbox = await fetch(new URL("/_aws/ses", process.env.AWS_ENDPOINT_URL_SESV2));
    const sentByPlatform = (await outbox.json()) as { messages: unknown[] };
    const copies = sentByPlatform.messages.filter((m) => JSON.stringify(m).includes(sent!.messageID!));
    expect(copies).toHaveLength(1);
  });

  it("lists the outbox newest first with an opaque cursor", async () => {
    const a = await Email.send({ to: "a@example.com", subject: "first", text: "1" });
    const b = await Email.send({ to: "b@example.com", subject: "second", text: "2" });
    const ids = (await Email.list({ limit: 100 })).items.map((i) => i.id);
    expect(ids.indexOf(b.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));

    const page = await Email.list({ limit: 1 });
    const next = await Email.list({ limit: 1, cursor: page.cursor! });
    expect(page.cursor).not.toContain("email");
    expect(next.items[0]!.id < page.items[0]!.id).toBe(true);
  });

  it("refuses bad input with a validation error", async () => {
    // Input is checked before any I/O starts: the verb throws rather than returning a promise.
    expect(() => Email.send({ to: "not-an-address", subject: "x", text: "y" })).toThrow(ValidationError);
    await expect(Email.list({ cursor: "%%%" })).rejects.toBeInstanceOf(ValidationError);
  });
});
