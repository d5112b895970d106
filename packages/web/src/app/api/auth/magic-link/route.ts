import { MagicLink } from "@bourse/core/auth";
import { MagicLinkBody } from "@/server/api/identity";
import { metaOf, publicOrigin } from "@/server/auth";
import { noStore, route } from "@/server/respond";

/**
 * 202 whether or not an account has this email: the answer tells nothing about who is a member. The link
 * points to BOURSE_PUBLIC_URL only (503 not_configured without it), never to a request header's host.
 */
const requestLink = route.json(MagicLinkBody, async ({ email }, req) => {
  await MagicLink.request({ email, baseUrl: publicOrigin() }, metaOf(req));
  return noStore({ status: "accepted" }, { status: 202 });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: requestLink });
