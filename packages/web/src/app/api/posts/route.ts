import * as Post from "@bourse/core/social/post";
import { noStore, route } from "@/server/respond";

/** A new image post: the image was uploaded first (POST /api/uploads), the post claims it. */
const create = route.json(Post.create.schema, async (input) =>
  noStore(await Post.create(input), { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: create });
