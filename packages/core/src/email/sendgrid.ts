/**
 * The SendGrid adapter: v3 `POST /v3/mail/send` (a 202 with `X-Message-Id`; errors `{ errors: [...] }`).
 * The key is the stage's SendGridApiKey secret; the base URL is BOURSE_SENDGRID_URL (the local server)
 * or SendGrid's own. The outbox id travels as a custom arg, so the provider's events name the mail.
 */
import { Resource } from "sst";
import { type Outgoing, ProviderError, SEND_TIMEOUT_MS } from "./provider";

const BASE = "https://api.sendgrid.com";

export async function sendSendGrid(mail: Outgoing): Promise<string | undefined> {
  const base = (process.env.BOURSE_SENDGRID_URL || BASE).replace(/\/+$/, "");
  let response: Response;
  try {
    response = await fetch(`${base}/v3/mail/send`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${Resource.SendGridApiKey.value}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify({
        personalizations: [
          { to: mail.to.map((email) => ({ email })), custom_args: { emailID: mail.emailID } },
        ],
        from: { email: mail.from },
        subject: mail.subject,
        // text/plain must come before text/html.
        content: [
          { type: "text/plain", value: mail.text },
          ...(mail.html ? [{ type: "text/html", value: mail.html }] : []),
        ],
        ...(mail.headers ? { headers: mail.headers } : {}),
      }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ProviderError("sendgrid", undefined, (error as Error).name ?? String(error));
  }
  if (response.status === 202) return response.headers.get("x-message-id") ?? undefined;
  const body = (await response.json().catch(() => ({}))) as { errors?: { message?: string }[] };
  throw new ProviderError("sendgrid", response.status, body.errors?.[0]?.message ?? response.statusText);
}
