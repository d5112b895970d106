import * as MagicLink from "@bourse/core/auth/magic-link";
import { MagicLinkBody } from "@/server/api/identity";
import { MAGIC_LINK_VERIFY_PATH, metaOf, publicOrigin } from "@/server/auth";
import { noStore, route } from "@/server/respond";

/**
 * 202 whether or not an account has this email: the answer tells nothing about who is a member. The link
 * points to BOURSE_PUBLIC_URL only (503 not_configured without it), never to a request header's host.
 */
const requestLink = route.json(MagicLinkBody, async ({ email }, req) => {
  const verifyUrl = new URL(MAGIC_LINK_VERIFY_PATH, publicOrigin()).href;
  await MagicLink.request({ email, verifyUrl }, metaOf(req));
  return noStore({ status: "accepted" }, { status: 202 });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: requestLink });
