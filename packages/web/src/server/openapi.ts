import { Email } from "@bourse/core/email";
import { Feed } from "@bourse/core/feed";
import { Health } from "@bourse/core/health";
import { Metrics } from "@bourse/core/metrics";
import { Comment, Notification, Post, Text } from "@bourse/core/social";
import { Upload } from "@bourse/core/upload";
import { User } from "@bourse/core/user";
import { z } from "zod";
import { createDocument, type ZodOpenApiResponseObject } from "zod-openapi";
import { identityPaths, identitySchemas } from "./openapi-identity";
import { ErrorBody } from "./respond";
import { version } from "./version";

/**
 * The API's contract: the query schemas the routes validate with live here, body and response schemas are
 * core's own, and the document is generated from both, so it cannot drift from what the routes accept.
 */

export const OutboxQuery = z.object({
  cursor: z.string().optional().describe("the `cursor` of the previous page"),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const SnapshotsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1440).default(60).describe("how many minutes, newest first"),
});

/** A page of a social list: `?cursor=` from the previous page; cursors are opaque. */
export const PageQuery = z.object({
  cursor: z.string().max(2048).optional().describe("the `cursor` of the previous page (opaque)"),
  limit: z.coerce.number().int().min(1).max(100).optional().describe("page size, 20 by default"),
});

/** A page of the home feed: smaller pages than other lists (a page is hydrated by one BatchGet). */
export const FeedQuery = z.object({
  cursor: z.string().max(6000).optional().describe("the `cursor` of the previous page (opaque)"),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(Feed.MAX_PAGE)
    .optional()
    .describe(`page size, 20 by default, at most ${Feed.MAX_PAGE}`),
});

/** A profile as anyone sees it, and whether the calling member follows it. */
export const UserView = z.object({
  user: User.Profile,
  followedByMe: z.boolean().optional().describe("present when a member asks about someone else"),
});
export type UserView = z.infer<typeof UserView>;

export const CommentInput = z.object({ text: Text.Text(Comment.MAX_TEXT, 1) });

const cursorOf = z
  .string()
  .nullable()
  .describe("pass it back as `?cursor=` for the next page; null on the last");
export const ProfilePage = z.object({ items: z.array(User.Profile), cursor: cursorOf });
export const PostPage = z.object({ items: z.array(Post.Info), cursor: cursorOf });
export const CommentPage = z.object({ items: z.array(Comment.Info), cursor: cursorOf });
export const NotificationPage = z.object({
  items: z.array(Notification.Info),
  cursor: cursorOf,
  unread: z.number().describe("unread notification groups in all"),
});
export const FollowState = z.object({ handle: z.string(), following: z.boolean() });
export const LikeState = z.object({ postID: z.string(), liked: z.boolean() });
export const Unread = z.object({ unread: z.number() });
export const MarkedRead = z.object({ marked: z.number(), unread: z.number() });

export async function openApiDocument() {
  const json = (description: string, schema: z.ZodType): ZodOpenApiResponseObject => ({
    description,
    content: { "application/json": { schema } },
  });
  const error = (description: string) => json(description, ErrorBody);
  const internal = error("Internal error (logged with the response's x-request-id)");
  const memberOnly = {
    "401": error("Not signed in"),
    "403": error("Not a member: anonymous visitors may read but not act (account_required)"),
  };
  const handlePath = z.object({ handle: z.string().describe("the member's @handle, without @") });
  const postPath = z.object({ id: z.string().describe("the post's id") });
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Bourse API",
      version,
      description: "Operations endpoints of Bourse. Every error answers { error: { code, message } }.",
    },
    paths: {
      "/api/health": {
        get: {
          operationId: "getHealth",
          summary: "Check the table and the buckets: up or down each, nothing more (public)",
          responses: {
            "200": json("Every check passed", Health.Report),
            "503": json("A dependency is down", Health.Report),
          },
        },
      },
      "/api/metrics": {
        get: {
          operationId: "getMetrics",
          summary: "Prometheus exposition: process metrics, API requests, the latest metrics snapshot",
          description:
            "Send the stage's scrape token (the MetricsScrapeToken secret) as `Authorization: Bearer <token>`, " +
            "or call as an administrator.",
          responses: {
            "200": {
              description: "Prometheus text format 0.0.4",
              content: { "text/plain; version=0.0.4": { schema: z.string() } },
            },
            "401": error("No scrape token and no session"),
            "403": error("Wrong scrape token, or not an administrator"),
            "500": internal,
          },
        },
      },
      "/api/metrics/snapshots": {
        get: {
          operationId: "listMetricSnapshots",
          summary: "Per-minute metric snapshots, newest first (administrators only)",
          requestParams: { query: SnapshotsQuery },
          responses: {
            "200": json("The snapshots", z.object({ items: z.array(Metrics.Snapshot) })),
            "400": error("Invalid query"),
            "401": error("Not signed in"),
            "403": error("Not an administrator"),
            "500": internal,
          },
        },
      },
      "/api/outbox": {
        get: {
          operationId: "listOutbox",
          summary: "The mail outbox, newest first (administrators only; secrets a mail carries are hidden)",
          requestParams: { query: OutboxQuery },
          responses: {
            "200": json(
              "A page of messages",
              z.object({
                items: z.array(Email.Info),
                cursor: z.string().nullable().describe("pass it back for the next page; null on the last"),
              }),
            ),
            "400": error("Invalid query or cursor"),
            "401": error("Not signed in"),
            "403": error("Not an administrator"),
            "500": internal,
          },
        },
        post: {
          operationId: "sendSampleEmail",
          summary:
            "Queue a sample message to a reserved domain (example.com/.org/.net, *.test); administrators only",
          requestBody: {
            required: true,
            content: { "application/json": { schema: Email.sendSample.schema } },
          },
          responses: {
            "202": json("Queued; the mailer delivers it shortly", Email.Info),
            "400": error("Malformed JSON (invalid_json) or invalid message (validation_failed)"),
            "401": error("Not signed in"),
            "403": error("Not an administrator"),
            "413": error("Body over 1 MiB"),
            "415": error("Body not sent as application/json"),
            "500": internal,
          },
        },
      },
      "/api/uploads": {
        post: {
          operationId: "createUpload",
          summary:
            "Presign a direct upload of one image (JPEG, PNG, WebP or GIF, at most 10 MB) to the storage",
          description:
            "POST the returned `fields` and then the file (field `file`) as multipart/form-data to `url` " +
            "before `expiresAt`. The storage itself refuses another key or content type, more bytes than " +
            "announced, or a late upload. Members only.",
          requestBody: {
            required: true,
            content: { "application/json": { schema: Upload.CreateInput } },
          },
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
      "/api/users/{handle}": {
        get: {
          operationId: "getUser",
          summary: "A member's profile: name, bio, avatar, followers, following and posts counts",
          requestParams: { path: handlePath },
          responses: {
            "200": json("The profile", UserView),
            "404": error("No member holds this handle"),
            "500": internal,
          },
        },
      },
      "/api/users/{handle}/posts": {
        get: {
          operationId: "listUserPosts",
          summary: "A member's posts, newest first",
          requestParams: { path: handlePath, query: PageQuery },
          responses: {
            "200": json("A page of posts", PostPage),
            "400": error("Invalid query or cursor"),
            "404": error("No member holds this handle"),
            "500": internal,
          },
        },
      },
      "/api/users/{handle}/follow": {
        put: {
          operationId: "follow",
          summary: "Follow a member (idempotent)",
          requestParams: { path: handlePath },
          responses: {
            "200": json("Following", FollowState),
            "400": error("You cannot follow yourself (self_follow)"),
            ...memberOnly,
            "404": error("No member holds this handle"),
            "500": internal,
          },
        },
        delete: {
          operationId: "unfollow",
          summary: "Stop following a member (idempotent)",
          requestParams: { path: handlePath },
          responses: {
            "200": json("Not following", FollowState),
            "400": error("You cannot follow yourself (self_follow)"),
            ...memberOnly,
            "404": error("No member holds this handle"),
            "500": internal,
          },
        },
      },
      "/api/users/{handle}/followers": {
        get: {
          operationId: "listFollowers",
          summary: "Who follows a member, most recent first",
          requestParams: { path: handlePath, query: PageQuery },
          responses: {
            "200": json("A page of profiles", ProfilePage),
            "400": error("Invalid query or cursor"),
            "404": error("No member holds this handle"),
            "500": internal,
          },
        },
      },
      "/api/users/{handle}/following": {
        get: {
          operationId: "listFollowing",
          summary: "Whom a member follows, most recent first",
          requestParams: { path: handlePath, query: PageQuery },
          responses: {
            "200": json("A page of profiles", ProfilePage),
            "400": error("Invalid query or cursor"),
            "404": error("No member holds this handle"),
            "500": internal,
          },
        },
      },
      "/api/posts": {
        post: {
          operationId: "createPost",
          summary: "Post an uploaded image with a caption (#tags and @mentions are picked out)",
          description:
            "`imageKey` is the `key` of an upload of the caller's (POST /api/uploads, purpose `post`) whose " +
            "file was sent; each upload makes one post. Posts cannot be edited, only deleted.",
          requestBody: { required: true, content: { "application/json": { schema: Post.create.schema } } },
          responses: {
            "201": json("The post", Post.Info),
            "400": error(
              "Malformed JSON, a caption over 500 characters, or an unusable upload (validation_failed)",
            ),
            ...memberOnly,
            "403": error("Not a member, or not an upload of yours"),
            "409": error("This upload is already used (upload_claimed)"),
            "413": error("Body over 1 MiB"),
            "415": error("Body not sent as application/json"),
            "500": internal,
          },
        },
      },
      "/api/posts/{id}": {
        get: {
          operationId: "getPost",
          summary: "A post, with `likedByMe` for a member",
          requestParams: { path: postPath },
          responses: { "200": json("The post", Post.Info), "404": error("No such post"), "500": internal },
        },
        delete: {
          operationId: "deletePost",
          summary: "Delete one's own post (its image, likes, comments and notifications follow)",
          requestParams: { path: postPath },
          responses: {
            "204": { description: "Deleted" },
            ...memberOnly,
            "403": error("Not a member, or not the post's author"),
            "404": error("No such post"),
            "500": internal,
          },
        },
      },
      "/api/posts/{id}/like": {
        put: {
          operationId: "likePost",
          summary: "Like a post (idempotent); its count follows shortly",
          requestParams: { path: postPath },
          responses: {
            "200": json("Liked", LikeState),
            ...memberOnly,
            "404": error("No such post"),
            "500": internal,
          },
        },
        delete: {
          operationId: "unlikePost",
          summary: "Take a like back (idempotent)",
          requestParams: { path: postPath },
          responses: { "200": json("Not liked", LikeState), ...memberOnly, "500": internal },
        },
      },
      "/api/posts/{id}/comments": {
        get: {
          operationId: "listComments",
          summary: "A post's comments, oldest first",
          requestParams: { path: postPath, query: PageQuery },
          responses: {
            "200": json("A page of comments", CommentPage),
            "400": error("Invalid query or cursor"),
            "404": error("No such post"),
            "500": internal,
          },
        },
        post: {
          operationId: "createComment",
          summary: "Comment on a post (1 to 1,000 characters)",
          requestParams: { path: postPath },
          requestBody: { required: true, content: { "application/json": { schema: CommentInput } } },
          responses: {
            "201": json("The comment", Comment.Info),
            "400": error("Malformed JSON or invalid text (validation_failed)"),
            ...memberOnly,
            "404": error("No such post"),
            "413": error("Body over 1 MiB"),
            "415": error("Body not sent as application/json"),
            "500": internal,
          },
        },
      },
      "/api/posts/{id}/comments/{commentId}": {
        delete: {
          operationId: "deleteComment",
          summary: "Delete a comment: its author may, and so may the post's author",
          requestParams: {
            path: postPath.extend({ commentId: z.string().describe("the comment's id") }),
          },
          responses: {
            "204": { description: "Deleted" },
            ...memberOnly,
            "403": error("Neither the comment's nor the post's author"),
            "404": error("No such comment"),
            "500": internal,
          },
        },
      },
      "/api/feed": {
        get: {
          operationId: "getFeed",
          summary: "The caller's home feed: posts of the people they follow and their own, newest first",
          description:
            "Fanned out on write for most authors and merged at read time for authors with many followers " +
            "(5,000 by default). Pass `cursor` back for older posts; the feed goes back 800 posts at most.",
          requestParams: { query: FeedQuery },
          responses: {
            "200": json("A page of posts", Feed.Page),
            "400": error("Invalid query or cursor"),
            ...memberOnly,
            "500": internal,
          },
        },
      },
      "/api/notifications": {
        get: {
          operationId: "listNotifications",
          summary:
            "The caller's notifications, grouped (likes, comments, mentions per post; follows per day)",
          requestParams: { query: PageQuery },
          responses: {
            "200": json("A page of notification groups, most recently active first", NotificationPage),
            "400": error("Invalid query or cursor"),
            ...memberOnly,
            "500": internal,
          },
        },
      },
      "/api/notifications/unread": {
        get: {
          operationId: "countUnreadNotifications",
          summary: "How many notification groups are unread (cheap enough to poll)",
          responses: { "200": json("The count", Unread), ...memberOnly, "500": internal },
        },
      },
      "/api/notifications/read": {
        post: {
          operationId: "markNotificationsRead",
          summary: "Mark some notifications read (`{ids}`), or all of them (`{all: true}`)",
          requestBody: {
            required: true,
            content: { "application/json": { schema: Notification.MarkRead } },
          },
          responses: {
            "200": json("How many were marked, and how many stay unread", MarkedRead),
            "400": error("Malformed JSON or invalid input (validation_failed)"),
            ...memberOnly,
            "413": error("Body over 1 MiB"),
            "415": error("Body not sent as application/json"),
            "500": internal,
          },
        },
      },
      "/api/openapi.json": {
        get: {
          operationId: "getOpenApi",
          summary: "This document",
          responses: { "200": json("OpenAPI 3.1", z.record(z.string(), z.unknown())), "500": internal },
        },
      },
      ...identityPaths,
    },
    components: {
      schemas: {
        HealthReport: Health.Report,
        MetricSnapshot: Metrics.Snapshot,
        Email: Email.Info,
        SampleEmail: Email.sendSample.schema,
        UploadRequest: Upload.CreateInput,
        PresignedUpload: Upload.Presigned,
        UserView,
        Post: Post.Info,
        PostInput: Post.create.schema,
        Comment: Comment.Info,
        CommentInput,
        Notification: Notification.Info,
        MarkRead: Notification.MarkRead,
        ...identitySchemas,
        Error: ErrorBody,
      },
    },
  });
}
