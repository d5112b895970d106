import * as Comment from "@bourse/core/social/comment";
import { noStore, route } from "@/server/respond";

/** Its author may delete a comment, and so may the post's author (core checks which the caller is). */
const remove = route<{ id: string; commentId: string }>(async (_req, { params }) => {
  const { id, commentId } = await params;
  await Comment.remove(id, commentId);
  return noStore(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ DELETE: remove });
