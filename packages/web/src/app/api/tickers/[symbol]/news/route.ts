import * as News from "@bourse/core/news";
import { NewsQuery } from "@/server/api/markets";
import { noStore, query, route } from "@/server/respond";

/** A ticker's stories, newest first. */
const list = route<{ symbol: string }>(async (req, { params }) =>
  noStore(await News.list((await params).symbol, query(req, NewsQuery))),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list });
