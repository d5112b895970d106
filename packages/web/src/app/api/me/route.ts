import { Actor } from "@bourse/core/actor";
import { ForbiddenError, NotFoundError } from "@bourse/core/error";
import { User } from "@bourse/core/user";
import { noStore } from "../../../server/auth";
import { route } from "../../../server/respond";

/** The caller, member or guest (401 without a session: the browser then refreshes or becomes a guest). */
export const GET = route(async () => {
  const { userID } = Actor.assert("user", "anonymous").properties;
  const user = await User.get(userID);
  if (!user) throw new NotFoundError("This account no longer exists");
  return noStore({ user });
});

/**
 * The caller's profile. A guest may set its display name and bio (kept when it signs up); a handle and an
 * avatar are for members. Core's User.update acts for members only, so a guest's two fields go through it
 * as the same user id and session (the guest's own profile, nothing more).
 */
export const PATCH = route.json(User.Patch, async (patch) => {
  const actor = Actor.assert("user", "anonymous");
  if (actor.type === "user") return noStore({ user: await User.update(patch) });
  if (patch.handle !== undefined || patch.avatarKey !== undefined)
    throw new ForbiddenError("Sign up to choose a handle or an avatar");
  const guest = { displayName: patch.displayName, bio: patch.bio };
  const user = await Actor.provide({ type: "user", properties: actor.properties }, () => User.update(guest));
  return noStore({ user });
});

export const { POST, PUT, DELETE } = route.otherMethods("GET", "PATCH");
