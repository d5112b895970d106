import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CREDENTIALS, REGION } from "./env";
import { type SentEmail, type SesLocal, startSesLocal } from "./ses";

const SENDER = "noreply@bourse.dev";

const simple = (subject: string): SendEmailCommandInput => ({
  FromEmailAddress: `Bourse <${SENDER}>`,
  Destination: { ToAddresses: ["ada@example.com"], CcAddresses: ["bob@example.com"] },
  ReplyToAddresses: ["support@bourse.dev"],
  Content: {
    Simple: {
      Subject: { Data: subject, Charset: "UTF-8" },
      Body: { Text: { Data: "AAPL +1.2%" }, Html: { Data: "<p>AAPL +1.2%</p>" } },
    },
  },
  EmailTags: [{ Name: "kind", Value: "digest" }],
  ConfigurationSetName: "bourse-test-email",
});

describe("the local SES v2", () => {
  let ses: SesLocal;
  let client: SESv2Client;
  const listed = async () => {
    const body = (await (await fetch(`${ses.endpoint}/_aws/ses`)).json()) as { messages: SentEmail[] };
    return body.messages;
  };

  beforeAll(async () => {
    ses = await startSesLocal({ region: REGION, identities: [SENDER] });
    // One attempt: the SDK would otherwise retry throttling errors.
    client = new SESv2Client({
      endpoint: ses.endpoint,
      region: REGION,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client?.destroy();
    await ses?.stop();
  });

  test("SendEmail answers a MessageId and the message is listed at /_aws/ses", async () => {
    const { MessageId } = await client.send(new SendEmailCommand(simple("Your digest")));
    expect(MessageId).toMatch(/\S{20,}/);
    const message = (await listed()).find((m) => m.Id === MessageId);
    expect(message).toMatchObject({
      Region: REGION,
      Source: `Bourse <${SENDER}>`,
      Destination: { ToAddresses: ["ada@example.com"], CcAddresses: ["bob@example.com"] },
      ReplyToAddresses: ["support@bourse.dev"],
      Subject: "Your digest",
      Body: { text_part: "AAPL +1.2%", html_part: "<p>AAPL +1.2%</p>" },
      Tags: [{ Name: "kind", Value: "digest" }],
      ConfigurationSetName: "bourse-test-email",
    });
    expect(ses.messages().map((m) => m.Id)).toContain(MessageId);
  });

  test("raw MIME messages are kept decoded", async () => {
    const raw = `From: ${SENDER}\r\nTo: ada@example.com\r\nSubject: Raw\r\n\r\nHello`;
    const { MessageId } = await client.send(
      new SendEmailCommand({ Content: { Raw: { Data: new TextEncoder().encode(raw) } } }),
    );
    expect((await listed()).find((m) => m.Id === MessageId)).toMatchObject({ Source: SENDER, RawData: raw });
  });

  test("invalid requests fail as restJson1 errors the SDK understands", async () => {
    const noBody = simple("x");
    noBody.Content = { Simple: { Subject: { Data: "x" }, Body: {} } };
    await expect(client.send(new SendEmailCommand(noBody))).rejects.toMatchObject({
      name: "BadRequestException",
      message: "Simple.Body needs Text or Html.",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      client.send(new SendEmailCommand({ ...simple("x"), Destination: { ToAddresses: [] } })),
    ).rejects.toMatchObject({ name: "BadRequestException" });
    await expect(
      client.send(new SendEmailCommand({ ...simple("x"), FromEmailAddress: "someone@elsewhere.com" })),
    ).rejects.toMatchObject({ name: "MessageRejected", message: expect.stringContaining("not verified") });

    const res = await fetch(`${ses.endpoint}/v2/email/outbound-emails`, { method: "POST", body: "{nope" });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("BadRequestException");
    expect(await res.json()).toEqual({ message: expect.any(String) });
  });

  test("the chaos switch throttles sends with 429 TooManyRequestsException", async () => {
    const before = ses.messages().length;
    const on = await fetch(`${ses.endpoint}/_chaos`, {
      method: "POST",
      body: JSON.stringify({ fail: true }),
    });
    expect(await on.json()).toEqual({ fail: true });
    await expect(client.send(new SendEmailCommand(simple("throttled")))).rejects.toMatchObject({
      name: "TooManyRequestsException",
      $metadata: { httpStatusCode: 429 },
    });
    await fetch(`${ses.endpoint}/_chaos`, { method: "POST", body: JSON.stringify({ fail: false }) });
    await client.send(new SendEmailCommand(simple("after chaos")));
    expect(ses.messages()).toHaveLength(before + 1);
  });

  test("DELETE /_aws/ses empties the outbox", async () => {
    await client.send(new SendEmailCommand(simple("to be cleared")));
    expect((await fetch(`${ses.endpoint}/_aws/ses`, { method: "DELETE" })).status).toBe(204);
    expect(await listed()).toEqual([]);
  });
});

test("with a mail file, messages are appended to it and read back on the next start", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bourse-ses-test-"));
  const mailFile = join(dir, "mail.jsonl");
  try {
    const first = await startSesLocal({ region: REGION, identities: ["bourse.dev"], mailFile });
    const client = new SESv2Client({ endpoint: first.endpoint, region: REGION, credentials: CREDENTIALS });
    const { MessageId } = await client.send(new SendEmailCommand(simple("kept")));
    client.destroy();
    await first.stop();
    expect(JSON.parse(readFileSync(mailFile, "utf8").trim())).toMatchObject({
      Id: MessageId,
      Subject: "kept",
    });

    const second = await startSesLocal({ region: REGION, identities: ["bourse.dev"], mailFile });
    expect(second.messages().map((m) => m.Id)).toEqual([MessageId]);
    await second.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
