import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "@playwright/test";

/**
 * The mail the local SES server received, read where it keeps it (`GET <ses>/_aws/ses`, LocalStack's
 * convention) — never through the product's API, which shows no secret. dev.ts writes the platform's
 * endpoints to `<data dir>/endpoints.json`; the Playwright config makes E2E_DATA_DIR that data dir.
 */
export interface Delivered {
  Destination?: { ToAddresses?: string[] };
  Subject?: string;
  Body?: { text_part: string | null; html_part: string | null };
}

function sesEndpoint(): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set: run through e2e/playwright.config.ts");
  return (JSON.parse(readFileSync(join(dir, "endpoints.json"), "utf8")) as { ses: string }).ses;
}

export async function delivered(): Promise<Delivered[]> {
  const response = await fetch(new URL("/_aws/ses", sesEndpoint()));
  return ((await response.json()) as { messages: Delivered[] }).messages;
}

/** The newest mail SES delivered to `to` (waiting for the Mailer), with its text as mailed. */
export async function latestMailTo(to: string, subject?: RegExp): Promise<{ subject: string; text: string }> {
  let found: Delivered | undefined;
  await expect
    .poll(async () => {
      found = (await delivered())
        .filter(
          (m) => m.Destination?.ToAddresses?.includes(to) && (!subject || subject.test(m.Subject ?? "")),
        )
        .at(-1);
      return Boolean(found);
    })
    .toBe(true);
  return { subject: found?.Subject ?? "", text: found?.Body?.text_part ?? "" };
}
