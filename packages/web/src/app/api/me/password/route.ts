import * as Auth from "@bourse/core/auth";
import { metaOf } from "@/server/auth";
import { noStore, route } from "@/server/respond";

/**
 * Changes the caller's password; every other session of the account and every outstanding magic link
 * end, this one carries on. Without `current`: a reset, only within 15 minutes of a magic-link sign-in.
 */
const change = route.json(Auth.ChangePasswordInput, async (input, req) => {
  await Auth.changePassword(input, metaOf(req));
  return noStore(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: change });
