import { MagicLink } from "@bourse/core/auth";
import { MAGIC_LINK_VERIFY_PATH, metaOf, noStore, publicOrigin } from "../../../../server/auth";
import { MagicLinkBody } from "../../../../server/openapi-identity";
import { route } from "../../../../server/respond";

/**
 * 202 whether or not an account has this email: the answer tells nothing about who is a member. The link
 * points to BOURSE_PUBLIC_URL only (503 not_configured without it), never to a request header's host.
 */
export const POST = route.json(MagicLinkBody, async ({ email }, req) => {
  const verifyUrl = new URL(MAGIC_LINK_VERIFY_PATH, publicOrigin()).href;
  await MagicLink.request({ email, verifyUrl }, metaOf(req));
  return noStore({ status: "accepted" }, { status: 202 });
});

export const { GET, PUT, PATCH, DELETE } = route.otherMethods("POST");
