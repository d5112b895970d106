import { ulid } from "ulid";
import { Email } from "../email";

/** Unique test identities: the platform's table is shared by every test file of a run. */
export function unique(label = "u") {
  const id = ulid().toLowerCase();
  const tail = `${id.slice(6, 10)}${id.slice(-8)}`;
  return {
    email: `${label}.${tail}@example.com`,
    handle: `${label}_${tail}`.slice(0, 30),
    displayName: `Test ${label}`,
    /** A client address of its own, so per-IP rate limits of other tests never interfere. */
    ip: `test-ip-${tail}`,
  };
}

export const PASSWORD = "correct horse battery staple";

/** The mails sent to an address (the outbox is shared by every test of the run). */
export async function mailsTo(address: string): Promise<Email.Info[]> {
  const found: Email.Info[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const result = await Email.list({ limit: 100, cursor });
    found.push(...result.items.filter((mail) => mail.to.includes(address)));
    if (!result.cursor) break;
    cursor = result.cursor;
  }
  return found;
}
