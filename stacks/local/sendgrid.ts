/**
 * A local SendGrid that speaks v3 Mail Send's wire format (`POST /v3/mail/send`: Bearer key, JSON body,
 * `202` with `X-Message-Id`, errors `{ errors: [{ message, field }] }`, `X-RateLimit-*` headers) and keeps
 * what it accepted. `GET /_sendgrid/messages` lists it with the count of sends it was asked for, accepted
 * or not (for tests and the dev mailbox; `DELETE` clears the list).
 * Its chaos switch (`POST /_chaos`, as stacks/local/news/chaos.ts: `{ "status": 429 }`, `{ "delayMs": … }`,
 * `{}` heals) breaks it the ways SendGrid breaks: 429 "too many requests", a 5xx, a slow answer.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type Chaos, type ChaosSwitch, chaosRoute, chaosSwitch, pause, sendJson } from "./news/chaos";

export interface SendGridLocalOptions {
  port?: number;
  /** The one key it accepts (the platform's generated SendGridApiKey). */
  apiKey: string;
}

/** One accepted message, as the tests read it. */
export interface SendGridMessage {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string | null;
  html: string | null;
  headers: Record<string, string>;
  customArgs: Record<string, string>;
}

export interface SendGridLocal extends ChaosSwitch {
  endpoint: string;
  port: number;
  messages(): SendGridMessage[];
  stop(): Promise<void>;
}

const LIMIT = 600;

export async function startSendGridLocal(options: SendGridLocalOptions): Promise<SendGridLocal> {
  const messages: SendGridMessage[] = [];
  let requests = 0;
  const control = chaosSwitch();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (await chaosRoute(req, res, control)) return;
    if (url.pathname === "/_sendgrid/messages") {
      if (req.method === "DELETE") messages.length = 0;
      return sendJson(res, 200, { messages, requests });
    }
    if (req.method !== "POST" || url.pathname !== "/v3/mail/send")
      return sendJson(res, 404, { errors: [{ message: "not found", field: null }] });
    requests++;
    const reset = String(Math.ceil(Date.now() / 60_000) * 60);
    const limits = { "X-RateLimit-Limit": String(LIMIT), "X-RateLimit-Reset": reset };
    const answer = (status: number, errors: { message: string; field: string | null }[]) => {
      res.writeHead(status, { ...limits, "X-RateLimit-Remaining": "0", "content-type": "application/json" });
      res.end(JSON.stringify({ errors }));
    };
    const chaos: Chaos = control.current();
    if (chaos.delayMs) await pause(chaos.delayMs);
    if (chaos.status)
      return answer(chaos.status, [
        { message: chaos.status === 429 ? "too many requests" : "internal error", field: null },
      ]);
    if (req.headers.authorization !== `Bearer ${options.apiKey}`)
      return answer(401, [{ message: "authorization required", field: null }]);
    const parsed = parseMail(await readBody(req));
    if (typeof parsed === "string") return answer(400, [{ message: parsed, field: null }]);
    const message = { id: randomUUID().replaceAll("-", ""), receivedAt: new Date().toISOString(), ...parsed };
    messages.push(message);
    res.writeHead(202, { ...limits, "X-RateLimit-Remaining": String(LIMIT - 1), "X-Message-Id": message.id });
    res.end();
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, "127.0.0.1", done));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    messages: () => [...messages],
    ...control,
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The message of a Mail Send body, or what is wrong with it (SendGrid's 400 messages, shortened). */
function parseMail(body: string): Omit<SendGridMessage, "id" | "receivedAt"> | string {
  // biome-ignore lint/suspicious/noExplicitAny: an untrusted request body, checked field by field
  let input: any;
  try {
    input = JSON.parse(body);
  } catch {
    return "Bad Request: the JSON body could not be parsed";
  }
  const personalization = input?.personalizations?.[0];
  const to: unknown[] = personalization?.to ?? [];
  if (!Array.isArray(to) || to.length === 0)
    return "The to array is required for all personalization objects";
  const addresses = to.map((t) => (t as { email?: unknown })?.email);
  if (!addresses.every((a) => typeof a === "string" && ADDRESS.test(a)))
    return "Does not contain a valid address.";
  if (typeof input.from?.email !== "string" || !ADDRESS.test(input.from.email))
    return "The from object must be provided for every email send.";
  const subject = personalization.subject ?? input.subject;
  if (typeof subject !== "string" || !subject) return "The subject is required.";
  const content: { type?: unknown; value?: unknown }[] = Array.isArray(input.content) ? input.content : [];
  const partOf = (type: string) => {
    const part = content.find((c) => c.type === type);
    return typeof part?.value === "string" ? part.value : null;
  };
  if (content.length === 0)
    return "Unless a valid template_id is provided, the content parameter is required.";
  if (content[0]?.type !== "text/plain" && partOf("text/plain") !== null)
    return "If present, text/plain must be first, followed by text/html.";
  return {
    from: input.from.email,
    to: addresses as string[],
    subject,
    text: partOf("text/plain"),
    html: partOf("text/html"),
    headers: typeof input.headers === "object" && input.headers ? input.headers : {},
    customArgs: personalization.custom_args ?? {},
  };
}
