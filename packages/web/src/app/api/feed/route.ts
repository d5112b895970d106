import { Feed } from "@bourse/core/feed";
import { noStore } from "../../../server/auth";
import { FeedQuery } from "../../../server/openapi";
import { query, route } from "../../../server/respond";

/** The caller's home feed: the posts of the people they follow and their own, newest first. */
export const GET = route(async (req) => noStore(await Feed.read(query(req, FeedQuery))));

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
