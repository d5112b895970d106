import { Actor } from "@bourse/core/actor";
import { Follow } from "@bourse/core/social";
import { User } from "@bourse/core/user";
import { noStore } from "../../../../server/auth";
import type { UserView } from "../../../../server/openapi";
import { route } from "../../../../server/respond";

/** A member's public profile, and whether the calling member follows them (one more GetItem). */
export const GET = route<{ handle: string }>(async (_req, { params }) => {
  const user = await User.fromHandle((await params).handle);
  const actor = Actor.use();
  const me = actor.type === "user" ? actor.properties.userID : undefined;
  const body: UserView = { user };
  if (me && me !== user.id) body.followedByMe = await Follow.isFollowing(me, user.id);
  // Counts and the follow state are per viewer and change often: never cached.
  return noStore(body);
});

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
