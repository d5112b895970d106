import * as z from "zod";
import * as User from "../user";
import { type Clock, systemClock } from "../util/clock";

/** How a person appears next to what they did. */
export const Author = z.object({
  id: z.string(),
  handle: z.string().nullable(),
  displayName: z.string(),
  avatarKey: z.string().nullable(),
});
export type Author = z.infer<typeof Author>;

export function authorOf(profile: User.Profile): Author {
  return {
    id: profile.id,
    handle: profile.handle,
    displayName: profile.displayName,
    avatarKey: profile.avatarKey,
  };
}

/** Someone whose account is gone: their posts and comments are deleted separately, if ever. */
export function goneAuthor(id: string): Author {
  return { id, handle: null, displayName: "Deleted user", avatarKey: null };
}

/**
 * Authors by id (every id gets one): a user read completely or not at all is gone, never a guess. Through
 * the instance's authors cache (User.authors: a profile change made elsewhere shows within 60 s).
 */
export async function authorsByID(ids: string[], now: Clock = systemClock): Promise<Map<string, Author>> {
  const profiles = await User.cachedProfiles(ids, now);
  return new Map(ids.map((id) => [id, profiles.has(id) ? authorOf(profiles.get(id)!) : goneAuthor(id)]));
}
