import { Post } from "@bourse/core/social";
import { noStore } from "../../../../server/auth";
import { route } from "../../../../server/respond";

export const GET = route<{ id: string }>(async (_req, { params }) =>
  noStore(await Post.get((await params).id)),
);

/** Posts are immutable: the author may only delete them. Cleanup of what hangs on it runs from the stream. */
export const DELETE = route<{ id: string }>(async (_req, { params }) => {
  await Post.remove((await params).id);
  return noStore(null, { status: 204 });
});

export const { POST, PUT, PATCH } = route.otherMethods("GET", "DELETE");
