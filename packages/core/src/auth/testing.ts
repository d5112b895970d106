import { ulid } from "ulid";
import { deliveredTo } from "../email/testing";

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

/**
 * The mails delivered to an address, as the local SES server received them (never through the outbox,
 * which hides the secrets a mail carries), once the mailer has handled everything queued so far.
 */
export async function mailsTo(address: string): Promise<{ subject: string; text: string }[]> {
  return (await deliveredTo(address)).map((m) => ({
    subject: m.Subject ?? "",
    text: m.Body?.text_part ?? "",
  }));
}
