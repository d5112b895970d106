import * as Actor from "@bourse/core/actor";
import * as Session from "@bourse/core/auth/session";
import { NotFoundError } from "@bourse/core/error";
import * as User from "@bourse/core/user";
import { noStore, route } from "@/server/respond";

/**
 * The caller, member or guest (401 without a session: the browser then refreshes or becomes a guest), and
 * this session: how it was opened and until when it may set a new password without the current one.
 */
const read = route(async () => {
  const { userID } = Actor.assert("user", "anonymous").properties;
  const [user, session] = await Promise.all([User.get(userID), Session.current()]);
  if (!user) throw new NotFoundError("This account no longer exists");
  return noStore({ user, session });
});

/** The caller's profile. A guest may set its display name and bio (kept when it signs up); core says so. */
const update = route.json(User.Patch, async (patch) => noStore({ user: await User.update(patch) }));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: read, PATCH: update });
