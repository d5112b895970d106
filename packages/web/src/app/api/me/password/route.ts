import { Auth } from "@bourse/core/auth";
import { metaOf, noStore } from "../../../../server/auth";
import { route } from "../../../../server/respond";

/** Changes the caller's password; every other session of the account ends, this one carries on. */
export const POST = route.json(Auth.ChangePasswordInput, async (input, req) => {
  await Auth.changePassword(input, metaOf(req));
  return noStore(null, { status: 204 });
});

export const { GET, PUT, PATCH, DELETE } = route.otherMethods("POST");
