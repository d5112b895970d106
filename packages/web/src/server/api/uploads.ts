import * as Upload from "@bourse/core/upload";
import * as z from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { body, error, internal, json } from "./contract";

/** The uploads contract: presigned direct uploads of images, and the media they become. */

export const schemas = {
  UploadRequest: Upload.CreateInput,
  PresignedUpload: Upload.Presigned,
};

export const paths: ZodOpenApiPathsObject = {
  "/api/uploads": {
    post: {
      operationId: "createUpload",
      summary: "Presign a direct upload of one image (JPEG, PNG, WebP or GIF, at most 10 MB) to the storage",
      description:
        "POST the returned `fields` and then the file (field `file`) as multipart/form-data to `url` " +
        "before `expiresAt`. The storage itself refuses another key or content type, more bytes than " +
        "announced, or a late upload. Members only.",
      requestBody: body(Upload.CreateInput),
      responses: {
        "201": json("The presigned POST", Upload.Presigned),
        "400": error("Malformed JSON (invalid_json) or invalid input (validation_failed)"),
        "401": error("Not signed in"),
        "403": error("Not a member (anonymous visitors cannot upload)"),
        "413": error("An image over 10 MB (payload_too_large)"),
        "415": error("Body not sent as application/json"),
        "500": internal,
      },
    },
  },
  "/api/media/{key}": {
    get: {
      operationId: "getMedia",
      summary: "An image: a claimed one for anyone, a pending upload for its owner only",
      requestParams: {
        path: z.object({
          key: z
            .string()
            .describe(
              "a post's `imageKey` or a user's `avatarKey` (`media/<user>/<id>.<ext>`), or the caller's " +
                "own pending upload key (`uploads/<user>/<id>.<ext>`)",
            ),
        }),
      },
      responses: {
        "200": {
          description:
            "The image's bytes with its stored Content-Type, `Content-Disposition: inline` and " +
            "`X-Content-Type-Options: nosniff`; claimed images are cached for good (a new image gets a " +
            "new key), a pending upload is not cached",
        },
        "404": error("No such image, or not one this caller may see"),
        "500": internal,
      },
    },
  },
};
