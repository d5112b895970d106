import * as z from "zod";

/**
 * What the storage accepts for an image: the presigned POST's conditions are built from these, and the
 * browser checks a file against them before uploading (this module has no server dependency, so client
 * code may import it).
 */
export const MAX_BYTES = 10 * 1024 * 1024;
export const ContentType = z.enum(["image/jpeg", "image/png", "image/webp", "image/gif"]);
export type ContentType = z.infer<typeof ContentType>;
