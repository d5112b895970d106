import { Auth } from "@bourse/core/auth";
import { metaOf, noStore } from "../../../../server/auth";
import { route } from "../../../../server/respond";

/**
 * Changes the caller's password; every other session of the account and every outstanding magic link
 * end, this one carries on. Without `current`: a reset, only within 15 minutes of a magic-link sign-in.
 */
export const POST = route.json(Auth.ChangePasswordInput, async (input, req) => {
  await Auth.changePassword(input, metaOf(req));
  return noStore(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE } = route.otherMethods("POST");
