/** The SES v2 adapter: SendEmail with Simple content (custom headers included). */
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { type Outgoing, ProviderError, SEND_TIMEOUT_MS } from "./provider";

// One attempt per send: the outbox's retry schedule (retry.ts) is the one retry policy, and it does not
// hold up other mail while it waits.
const ses = new SESv2Client({ maxAttempts: 1, requestHandler: { requestTimeout: SEND_TIMEOUT_MS } });

export async function sendSes(mail: Outgoing): Promise<string | undefined> {
  try {
    const out = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: mail.from,
        Destination: { ToAddresses: mail.to },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: "UTF-8" },
            Body: {
              Text: { Data: mail.text, Charset: "UTF-8" },
              ...(mail.html ? { Html: { Data: mail.html, Charset: "UTF-8" } } : {}),
            },
            ...(mail.headers
              ? { Headers: Object.entries(mail.headers).map(([Name, Value]) => ({ Name, Value })) }
              : {}),
          },
        },
        EmailTags: [{ Name: "emailID", Value: mail.emailID }],
      }),
    );
    return out.MessageId;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    throw new ProviderError("ses", status, (error as Error).name ?? String(error));
  }
}
