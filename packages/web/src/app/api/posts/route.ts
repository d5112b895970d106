import { Post } from "@bourse/core/social";
import { noStore } from "../../../server/auth";
import { route } from "../../../server/respond";

/** A new image post: the image was uploaded first (POST /api/uploads), the post claims it. */
export const POST = route.json(Post.create.schema, async (input) =>
  noStore(await Post.create(input), { status: 201 }),
);

export const { GET, PUT, PATCH, DELETE } = route.otherMethods("POST");
