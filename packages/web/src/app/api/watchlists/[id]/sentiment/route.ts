import * as Sentiment from "@bourse/core/sentiment";
import { noStore, route } from "@/server/respond";

/** Sentiment per ticker of one of the caller's watchlists (another's: 404). */
const read = route<{ id: string }>(async (_req, { params }) =>
  noStore(await Sentiment.forWatchlist((await params).id)),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: read });
