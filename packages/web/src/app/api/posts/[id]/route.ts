import * as Post from "@bourse/core/social/post";
import { noStore, route } from "@/server/respond";

const read = route<{ id: string }>(async (_req, { params }) => noStore(await Post.get((await params).id)));

/** Posts are immutable: the author may only delete them. Cleanup of what hangs on it runs from the stream. */
const remove = route<{ id: string }>(async (_req, { params }) => {
  await Post.remove((await params).id);
  return noStore(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: read, DELETE: remove });
