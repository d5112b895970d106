import * as Upload from "@bourse/core/upload";
import { noStore, route } from "@/server/respond";

/** A presigned POST for one image: the browser then sends the file straight to the media bucket. */
const presign = route.json(Upload.CreateInput, async (input) =>
  noStore(await Upload.create(input), { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: presign });
