/**
 * Delivery through SendGrid with retries: the local SendGrid server's own chaos switch breaks it, an
 * injected clock moves the retry schedule, and deliveries are counted where they land (its mailbox).
 * Mail here is bound to SendGrid by this worker's BOURSE_MAIL_PROVIDER; the rest of the run uses SES.
 */
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { Actor } from "../actor";
import { Alert } from "../alert";
import { scored, subscriber } from "../alert/testing";
import { as } from "../social/testing";
import { Email } from ".";
import { sendgridChaos, sendgridReceived, stored } from "./testing";

const system = <R>(run: () => Promise<R>) => Actor.system("delivery-test", run);
const deliveriesOf = async (id: string) =>
  (await sendgridReceived()).filter((m) => m.customArgs.emailID === id);

beforeAll(() => {
  process.env.BOURSE_MAIL_PROVIDER = "sendgrid";
});
afterAll(async () => {
  delete process.env.BOURSE_MAIL_PROVIDER;
  await sendgridChaos({});
});

describe("mail delivery through SendGrid", { timeout: 240_000 }, () => {
  it("sends through SendGrid's wire format: headers, the outbox id, secrets in place; the message id kept", async () => {
    const to = `sg.${ulid().toLowerCase()}@example.com`;
    const mail = await Email.send({
      to,
      subject: "Hello",
      text: "Link: {{link}}",
      headers: { "List-Unsubscribe": "<{{link}}>" },
      secrets: { link: { value: "https://bourse.test/x?token=secret", label: "link" } },
    });
    await platformIdle(90_000);
    const [got, ...more] = await deliveriesOf(mail.id);
    expect(more).toEqual([]);
    expect(got).toMatchObject({
      to: [to],
      subject: "Hello",
      text: "Link: https://bourse.test/x?token=secret",
      headers: { "List-Unsubscribe": "<https://bourse.test/x?token=secret>" },
    });
    expect(await stored(mail.id)).toMatchObject({ status: "sent", provider: "sendgrid", messageID: got!.id });
  });

  it("Email forced to 429 for 2 minutes: every alert mail is delivered once after the switch turns off", async () => {
    // Three members' rules on one symbol; the score is replayed to the evaluator here, so the mails are
    // queued by this worker (bound to SendGrid).
    const score = await scored("ZTR");
    await platformIdle(90_000);
    const members = await Promise.all([subscriber(), subscriber(), subscriber()]);
    for (const who of members)
      await as(who, () =>
        Alert.create({
          target: { kind: "ticker", symbol: "ZTR" },
          condition: { kind: "volume", perHour: 0 },
        }),
      );
    await sendgridChaos({ status: 429 });
    const t0 = Date.now();
    expect(await Alert.evaluate(score)).toBe(3);
    await platformIdle(90_000);

    const ids = (await sendgridOutbox(members.map((m) => m.email))).map((m) => m.id);
    expect(ids).toHaveLength(3);
    // The Mailer's first attempts were throttled: recorded for retry, the stream went on.
    for (const id of ids) expect(await stored(id)).toMatchObject({ status: "retrying", attempts: 1 });

    // Two minutes of 429s, the retry cron every minute of the injected clock.
    for (const minute of [1, 2]) await Email.retryDue(() => new Date(t0 + minute * 60_000));
    for (const id of ids) expect((await stored(id))?.status).toBe("retrying");
    expect((await Promise.all(ids.map(deliveriesOf))).flat()).toEqual([]);

    await sendgridChaos({});
    for (let k = 1; k <= 8; k++) {
      await Email.retryDue(() => new Date(t0 + 2 * 60_000 + k * 5 * 60_000));
      const statuses = await Promise.all(ids.map(async (id) => (await stored(id))?.status));
      if (statuses.every((s) => s === "sent")) break;
    }
    // Replays of every path change nothing.
    await Email.retryDue(() => new Date(t0 + 3_600_000));
    for (const id of ids) expect(await Email.deliver(id, () => new Date(t0 + 3_600_000))).toBe("skipped");
    for (const id of ids) {
      expect(await deliveriesOf(id)).toHaveLength(1);
      expect(await stored(id)).toMatchObject({ status: "sent" });
    }
  });

  it("marks a mail dead after the last attempt, and at once for a refusal that will not get better", async () => {
    await sendgridChaos({ status: 503 });
    const mail = await Email.send({
      to: `dead.${ulid().toLowerCase()}@example.com`,
      subject: "S",
      text: "T",
    });
    await platformIdle(90_000);
    let at = Date.now();
    for (let n = 0; n < Email.MAX_ATTEMPTS + 2 && (await stored(mail.id))?.status !== "dead"; n++) {
      at += 60 * 60_000;
      await Email.retryDue(() => new Date(at));
    }
    expect(await stored(mail.id)).toMatchObject({ status: "dead", attempts: Email.MAX_ATTEMPTS });

    await sendgridChaos({ status: 400 });
    const refused = await Email.send({
      to: `bad.${ulid().toLowerCase()}@example.com`,
      subject: "S",
      text: "T",
    });
    await platformIdle(90_000);
    expect(await stored(refused.id)).toMatchObject({ status: "dead", attempts: 1 });
    await sendgridChaos({});
    expect(await deliveriesOf(mail.id)).toEqual([]);

    const queue = await system(() => Email.queue());
    expect(queue.counts.dead).toBeGreaterThanOrEqual(2);
    expect(queue.dead.map((m) => m.id)).toEqual(expect.arrayContaining([mail.id, refused.id]));
  });
});

/** The outbox items queued to these addresses (read as stored, by each member's mail). */
async function sendgridOutbox(addresses: string[]) {
  const page = await system(() => Email.list({ limit: 100 }));
  return page.items.filter((m) => m.to.some((a) => addresses.includes(a)));
}
