import { Upload } from "@bourse/core/upload";
import { route } from "../../../server/respond";

/** A presigned POST for one image: the browser then sends the file straight to the media bucket. */
export const POST = route.json(Upload.CreateInput, async (input) =>
  Response.json(await Upload.create(input), { status: 201, headers: { "cache-control": "no-store" } }),
);

export const { GET, PUT, PATCH, DELETE } = route.otherMethods("POST");
