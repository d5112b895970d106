import { marshall } from "@aws-sdk/util-dynamodb";
import * as Email from "@bourse/core/email";
import { receivedFor, stored, undeliverableMail } from "@bourse/core/email/testing";
import type { AttributeValue, Context, DynamoDBRecord } from "aws-lambda";
import { ulid } from "ulid";
import { afterEach, expect, it, vi } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { handler } from "./mailer";

const context = {
  awsRequestId: "test",
  functionName: "Mailer",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

let sequence = 0;
/** The INSERT of an email item, its image as the stream carries it (secrets included). */
function insert(emailID: string, secret: string): DynamoDBRecord {
  return {
    eventID: ulid(),
    eventName: "INSERT",
    dynamodb: {
      SequenceNumber: String(++sequence).padStart(21, "0"),
      NewImage: marshall({ __edb_e__: "email", emailID, secrets: { link: secret } }) as unknown as Record<
        string,
        AttributeValue
      >,
    },
  };
}

/** Everything written to stdout and stderr while `run` runs. */
async function output(run: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
  for (const level of ["log", "info", "warn", "error", "debug"] as const)
    vi.spyOn(console, level).mockImplementation((...args) => void lines.push(args.map(String).join(" ")));
  try {
    await run();
  } finally {
    vi.restoreAllMocks();
  }
  return lines.join("\n");
}

afterEach(() => vi.restoreAllMocks());

it("delivers a queued mail once however often its record is replayed", async () => {
  const mail = await Email.send({
    to: `mailer.${ulid().toLowerCase()}@example.com`,
    subject: "Hi",
    text: "Body",
  });
  const record = insert(mail.id, "unused");
  // The platform's own Mailer delivers it first; while that delivery holds the lease a replay is (rightly)
  // a batch item failure to retry, so the replays come once it is done.
  await platformIdle();
  for (let i = 0; i < 3; i++)
    expect(await handler({ Records: [record] }, context)).toEqual({ batchItemFailures: [] });
  await expect.poll(async () => (await stored(mail.id))?.status).toBe("sent");
  expect(await receivedFor(mail.id)).toHaveLength(1);
});

it("records a refused mail dead without failing the batch, and logs neither the record's image nor its secret", async () => {
  const secret = `never-logged-${ulid()}`;
  const emailID = await undeliverableMail();
  const after = await Email.send({
    to: `after.${ulid().toLowerCase()}@example.com`,
    subject: "Later",
    text: "B",
  });
  const records = [insert(emailID, secret), insert(after.id, secret)];
  let response: { batchItemFailures: unknown[] } | undefined;
  const logged = await output(async () => {
    response = (await handler({ Records: records }, context)) as typeof response;
    // The platform's own Mailer may be delivering the same mail at that moment: a mail another delivery
    // holds is (rightly) a batch item failure, so retry once that delivery is done, as the runner would.
    if (response?.batchItemFailures.length) {
      await platformIdle();
      response = (await handler({ Records: records }, context)) as typeof response;
    }
  });
  // SES refused the first (dead, for good): that stalls nothing, the next goes out.
  expect(response).toEqual({ batchItemFailures: [] });
  expect(await stored(emailID)).toMatchObject({ status: "dead" });
  await expect.poll(async () => (await stored(after.id))?.status).toBe("sent");
  expect(logged).not.toContain(secret);
});

it("reports a record it cannot read as a batch item failure, and the ones after it as not attempted", async () => {
  const mail = await Email.send({ to: `next.${ulid().toLowerCase()}@example.com`, subject: "N", text: "B" });
  const broken = insert(mail.id, "x");
  delete broken.dynamodb!.NewImage!.emailID;
  const records = [broken, insert(mail.id, "y")];
  let response: unknown;
  const logged = await output(async () => {
    response = await handler({ Records: records }, context);
  });
  expect(response).toEqual({
    batchItemFailures: records.map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber })),
  });
  expect(logged).toContain("record failed");
});
