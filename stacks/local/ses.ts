/**
 * A local Amazon SES v2 that speaks SendEmail's HTTP wire format (restJson1) and keeps what it was sent.
 * Sent mail is listed at `GET /_aws/ses` (LocalStack's convention); `POST /_chaos {"fail":true}` makes
 * sends fail with 429 TooManyRequestsException, as a throttled account does.
 */
import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { ApiError, readBody, send, serve } from "./aws-http";

export interface SesLocalOptions {
  port?: number;
  region: string;
  /** Dev keeps mail across restarts in this JSON Lines file; tests keep it in memory only. */
  mailFile?: string;
  /** Verified identities (addresses or domains); other senders are rejected as on AWS. */
  identities: string[];
}

/** One sent message, in LocalStack's shape so its tooling and habits carry over. */
export interface SentEmail {
  Id: string;
  Region: string;
  Timestamp: string;
  Source: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  ReplyToAddresses?: string[];
  Subject?: string;
  Body?: { text_part: string | null; html_part: string | null };
  RawData?: string;
  Template?: string;
  TemplateData?: string;
  Tags?: { Name: string; Value: string }[];
  /** Simple content's extra headers (List-Unsubscribe, ...), as sent. */
  Headers?: { Name: string; Value: string }[];
  ConfigurationSetName?: string;
}

export interface SesLocal {
  endpoint: string;
  port: number;
  messages(): SentEmail[];
  chaos(fail: boolean): void;
  stop(): Promise<void>;
}

const bad = (message: string) => new ApiError(400, "BadRequestException", message);

export async function startSesLocal(options: SesLocalOptions): Promise<SesLocal> {
  const { mailFile } = options;
  const messages: SentEmail[] =
    mailFile && existsSync(mailFile)
      ? readFileSync(mailFile, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line))
      : [];
  let failing = false;

  const routes: Record<string, (body: string, url: URL) => { status?: number; json: unknown }> = {
    "POST /v2/email/outbound-emails": (body) => {
      if (failing) throw new ApiError(429, "TooManyRequestsException", "Maximum sending rate exceeded.");
      const message = toSentEmail(parseJson(body), options);
      messages.push(message);
      if (mailFile) appendFileSync(mailFile, `${JSON.stringify(message)}\n`);
      return { json: { MessageId: message.Id } };
    },
    "GET /_aws/ses": (_, url) => {
      const source = url.searchParams.get("email");
      return { json: { messages: source ? messages.filter((m) => m.Source === source) : messages } };
    },
    "DELETE /_aws/ses": () => {
      messages.length = 0;
      if (mailFile) writeFileSync(mailFile, "");
      return { status: 204, json: undefined };
    },
    "POST /_chaos": (body) => {
      failing = parseJson(body).fail === true;
      return { json: { fail: failing } };
    },
  };

  const { server, port } = await serve(options.port, "InternalFailure", async (req, res, url) => {
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) throw new ApiError(404, "NotFoundException", `No route for ${req.method} ${url.pathname}`);
    const { status = 200, json } = route(await readBody(req), url);
    send(res, status, json);
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    messages: () => [...messages],
    chaos(fail) {
      failing = fail;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

function parseJson(body: string) {
  try {
    return JSON.parse(body || "{}");
  } catch {
    throw bad("The request body is not valid JSON.");
  }
}

// biome-ignore lint/suspicious/noExplicitAny: an untrusted request body, checked field by field
function toSentEmail(input: any, options: SesLocalOptions): SentEmail {
  const content = input.Content;
  const kinds = ["Simple", "Raw", "Template"].filter((kind) => content?.[kind] !== undefined);
  if (kinds.length !== 1) throw bad("Content must have exactly one of Simple, Raw or Template.");
  const base = {
    Id: `${Date.now().toString(16).padStart(16, "0")}-${randomUUID()}-000000`,
    Region: options.region,
    Timestamp: new Date().toISOString(),
    Tags: input.EmailTags,
    ConfigurationSetName: input.ConfigurationSetName,
  };

  if (content.Raw) {
    if (typeof content.Raw.Data !== "string") throw bad("Raw.Data is required.");
    const raw = Buffer.from(content.Raw.Data, "base64").toString("utf8");
    const from = input.FromEmailAddress ?? /^From:\s*(.+)$/im.exec(raw)?.[1]?.trim();
    return { ...base, Source: checkSender(from, options), Destination: input.Destination, RawData: raw };
  }

  const destination = input.Destination ?? {};
  const recipients = [
    ...(destination.ToAddresses ?? []),
    ...(destination.CcAddresses ?? []),
    ...(destination.BccAddresses ?? []),
  ];
  if (!recipients.length) throw bad("Destination must have at least one address.");
  for (const address of recipients) if (!addressOf(address)) throw bad(`Illegal address: ${address}`);
  const common = {
    ...base,
    Source: checkSender(input.FromEmailAddress, options),
    Destination: destination,
    ReplyToAddresses: input.ReplyToAddresses,
  };

  if (content.Template) {
    const { TemplateName, TemplateArn, TemplateData } = content.Template;
    if (!TemplateName && !TemplateArn) throw bad("Template needs a TemplateName or a TemplateArn.");
    return { ...common, Template: TemplateName ?? TemplateArn, TemplateData };
  }

  const { Subject, Body } = content.Simple;
  if (typeof Subject?.Data !== "string") throw bad("Simple.Subject.Data is required.");
  if (typeof Body?.Text?.Data !== "string" && typeof Body?.Html?.Data !== "string")
    throw bad("Simple.Body needs Text or Html.");
  return {
    ...common,
    Subject: Subject.Data,
    Body: { text_part: Body.Text?.Data ?? null, html_part: Body.Html?.Data ?? null },
    ...(Array.isArray(content.Simple.Headers) ? { Headers: content.Simple.Headers } : {}),
  };
}

/** `Name <user@host>` or `user@host` → `user@host`, or undefined when it is not an address. */
function addressOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const address = (/<([^>]+)>\s*$/.exec(value)?.[1] ?? value).trim();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address) ? address : undefined;
}

function checkSender(from: unknown, options: SesLocalOptions): string {
  if (from === undefined) throw bad("FromEmailAddress is required.");
  const address = addressOf(from);
  if (!address) throw bad(`Illegal address: ${from}`);
  const candidates = [address, address.slice(address.indexOf("@") + 1)].map((s) => s.toLowerCase());
  if (!options.identities.some((id) => candidates.includes(id.toLowerCase())))
    throw new ApiError(
      400,
      "MessageRejected",
      `Email address is not verified. The following identities failed the check in region ${options.region.toUpperCase()}: ${address}`,
    );
  return String(from);
}
