/**
 * Delivery through SendGrid with retries: the local SendGrid server's own chaos switch breaks it, an
 * injected clock moves the retry schedule, and deliveries are counted where they land (its mailbox).
 * Mail here is bound to SendGrid by this worker's BOURSE_MAIL_PROVIDER; the rest of the run uses SES.
 * The platform's Mailer makes each first attempt through the shared `email` breaker, at most four failures
 * in a row here (fewer than open it); every later attempt, on a clock ahead of the real one, counts against
 * a breaker of the test's own, so a state stamped "in the future" holds up no other file's mail.
 */
import { ulid } from "ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import * as Actor from "../actor";
import * as Alert from "../alert";
import { scored, subscriber } from "../alert/testing";
import * as Breaker from "../resilience/breaker";
import * as Chaos from "../resilience/chaos";
import { as } from "../social/testing";
import * as Email from ".";
import { retryingMail, sendgridChaos, sendgridReceived, sendgridRequests, stored } from "./testing";

const system = <R>(run: () => Promise<R>) => Actor.system("delivery-test", run);
const deliveriesOf = async (id: string) =>
  (await sendgridReceived()).filter((m) => m.customArgs.emailID === id);
/** A breaker of one test's own (see above). */
const ownBreaker = () => ({ breaker: `email-${ulid()}` });

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

    // Two minutes of 429s, the retry cron every minute of the injected clock: the retries' 5th failure
    // opens the breaker, and what is left due then is held, not sent.
    const own = ownBreaker();
    for (const minute of [1, 2]) await Email.retryDue(() => new Date(t0 + minute * 60_000), 100, own);
    for (const id of ids) expect((await stored(id))?.status).toBe("retrying");
    expect((await Promise.all(ids.map(deliveriesOf))).flat()).toEqual([]);
    expect((await Breaker.get(own.breaker, () => new Date(t0 + 2 * 60_000))).state).toBe("open");

    await sendgridChaos({});
    for (let k = 1; k <= 8; k++) {
      await Email.retryDue(() => new Date(t0 + 2 * 60_000 + k * 5 * 60_000), 100, own);
      const statuses = await Promise.all(ids.map(async (id) => (await stored(id))?.status));
      if (statuses.every((s) => s === "sent")) break;
    }
    // Replays of every path change nothing.
    const later = () => new Date(t0 + 3_600_000);
    await Email.retryDue(later, 100, own);
    for (const id of ids) expect(await Email.deliver(id, later, own)).toBe("skipped");
    expect((await Breaker.get(own.breaker, later)).state).toBe("closed");
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
    const own = ownBreaker();
    // Hours apart, so each time the breaker (open after the 5th failure) has cooled down and probes.
    for (let n = 0; n < Email.MAX_ATTEMPTS + 2 && (await stored(mail.id))?.status !== "dead"; n++) {
      at += 60 * 60_000;
      await Email.retryDue(() => new Date(at), 100, own);
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

describe("the email breaker", { timeout: 120_000 }, () => {
  it("opens after 5 provider failures; mail meanwhile is held without an attempt, and sent once after a probe closes it", async () => {
    // Mail due a day ahead, on the test's clock: the platform's Mailer and retry cron leave it alone.
    const t0 = Date.now() + 86_400_000;
    const at = (ms: number) => () => new Date(t0 + ms);
    const own = ownBreaker();
    const ids = await Promise.all(Array.from({ length: 7 }, () => retryingMail(t0)));
    await platformIdle(90_000);
    await sendgridChaos({ status: 500 });
    const before = await sendgridRequests();
    const asked = async () => (await sendgridRequests()) - before;

    for (const id of ids.slice(0, 5)) expect(await Email.deliver(id, at(0), own)).toBe("retrying");
    expect(await asked()).toBe(5);
    expect(await Breaker.get(own.breaker, at(0))).toMatchObject({ state: "open", failures: 5 });
    expect(await Breaker.anyOpen(at(0), [own.breaker])).toBe(true);

    // Open: the retry cron's first due mail is held (nothing asked of SendGrid, no attempt spent), due
    // again after the cool-down; the run ends there and the last one stays due as it was.
    const [held, untouched] = ids.slice(5) as [string, string];
    const run = await Email.retryDue(at(1000), 100, own);
    expect(run).toMatchObject({ held: 1, sent: 0, retrying: 0 });
    expect(await asked()).toBe(5);
    const [first, second] = (await Promise.all([stored(held), stored(untouched)])).sort(
      (a, b) => (a?.retryAt ?? 0) - (b?.retryAt ?? 0),
    );
    expect(first).toMatchObject({ status: "retrying", attempts: 1, retryAt: t0 });
    expect(second).toMatchObject({
      status: "retrying",
      attempts: 1,
      retryAt: t0 + 1000 + Breaker.COOL_DOWN_MS,
      error: "circuit open",
    });
    // Delivered straight away (as the Mailer would), it is held the same.
    expect(await Email.deliver(first!.emailID, at(2000), own)).toBe("held");
    expect(await asked()).toBe(5);

    // Healed and cooled down: the first due mail is the probe, it closes the breaker, the rest follow.
    await sendgridChaos({});
    const healed = await Email.retryDue(at(10 * 60_000), 100, own);
    expect(healed).toMatchObject({ held: 0, retrying: 0, dead: 0 });
    expect(healed.sent).toBeGreaterThanOrEqual(ids.length);
    const breaker = await Breaker.get(own.breaker, at(10 * 60_000));
    expect(breaker).toMatchObject({ state: "closed", failures: 0 });
    expect(breaker.history.map((t) => `${t.from}>${t.to}`)).toEqual([
      "half_open>closed",
      "open>half_open",
      "closed>open",
    ]);
    // Each mail reached SendGrid once: 5 failed attempts and 7 sends were all it was asked. A held mail's
    // attempts are its first and its send: the breaker's refusals cost none.
    await Email.retryDue(at(3_600_000), 100, own);
    expect(await asked()).toBe(5 + ids.length);
    for (const id of ids) {
      expect(await deliveriesOf(id)).toHaveLength(1);
      expect(await stored(id)).toMatchObject({ status: "sent", attempts: ids.indexOf(id) < 5 ? 3 : 2 });
    }
  });

  it("on AWS the Mailer acts the email switch out: SendGrid is asked nothing, the attempt fails as a 500", async () => {
    const t0 = Date.now() + 86_400_000;
    const at = () => new Date(t0);
    const id = await retryingMail(t0);
    await platformIdle(90_000);
    const local = process.env.BOURSE_CHAOS_AT_PROVIDER;
    delete process.env.BOURSE_CHAOS_AT_PROVIDER;
    try {
      // On the test's clock too (the platform under test applies no switch to its servers).
      await system(() => Chaos.set({ target: "email", mode: "error", minutes: 1 }, at));
      const asked = await sendgridRequests();
      expect(await Email.deliver(id, at, ownBreaker())).toBe("retrying");
      expect(await sendgridRequests()).toBe(asked);
      expect(await stored(id)).toMatchObject({
        status: "retrying",
        attempts: 2,
        error: "sendgrid 500: chaos: error",
      });
    } finally {
      await system(() => Chaos.set({ target: "email", mode: "off" }, at));
      if (local !== undefined) process.env.BOURSE_CHAOS_AT_PROVIDER = local;
    }
    expect(await Email.deliver(id, () => new Date(t0 + 3_600_000), ownBreaker())).toBe("sent");
    expect(await deliveriesOf(id)).toHaveLength(1);
  });
});

/** The outbox items queued to these addresses (read as stored, by each member's mail). */
async function sendgridOutbox(addresses: string[]) {
  const page = await system(() => Email.list({ limit: 100 }));
  return page.items.filter((m) => m.to.some((a) => addresses.includes(a)));
}
