import * as Feed from "@bourse/core/feed";
import { FeedQuery } from "@/server/api/feed";
import { noStore, query, route } from "@/server/respond";

/** The caller's home feed: the posts of the people they follow and their own, newest first. */
const read = route(async (req) => noStore(await Feed.read(query(req, FeedQuery))));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: read });
