import * as Comment from "@bourse/core/social/comment";
import * as Follow from "@bourse/core/social/follow";
import * as Notification from "@bourse/core/social/notification";
import * as Post from "@bourse/core/social/post";
import * as User from "@bourse/core/user";
import { Page } from "@bourse/core/util/page";
import * as z from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { body, empty, error, internal, json, memberOnly, pagedGet, pageOf } from "./contract";
import { queryOf } from "./query";

/** The social contract: profiles, follows, posts, likes, comments and notifications. */

/** A page of a social list: `?cursor=` from the previous page (opaque) and `?limit=`. */
export const PageQuery = queryOf(Page);

const FollowState = z.object({ handle: z.string(), following: z.boolean() });
const LikeState = z.object({ postID: z.string(), liked: z.boolean() });
const Unread = z.object({ unread: z.number() });
const MarkedRead = z.object({ marked: z.number(), unread: z.number() });
const NotificationPage = pageOf(Notification.Info).extend({
  unread: z.number().describe("unread notification groups in all"),
});

export const schemas = {
  UserView: Follow.View,
  Post: Post.Info,
  PostInput: Post.create.schema,
  Comment: Comment.Info,
  CommentInput: Comment.Input,
  Notification: Notification.Info,
  MarkRead: Notification.MarkRead,
};

const handlePath = z.object({ handle: z.string().describe("the member's @handle, without @") });
const postPath = z.object({ id: z.string().describe("the post's id") });
const noHandle = error("No member holds this handle");
const noPost = error("No such post");
const jsonBody = {
  "413": error("Body over 1 MiB"),
  "415": error("Body not sent as application/json"),
};

/** Follow and unfollow answer alike. */
const followEdge = (operationId: string, summary: string, answer: string) => ({
  operationId,
  summary,
  requestParams: { path: handlePath },
  responses: {
    "200": json(answer, FollowState),
    "400": error("You cannot follow yourself (self_follow)"),
    ...memberOnly,
    "404": noHandle,
    "500": internal,
  },
});

export const paths: ZodOpenApiPathsObject = {
  "/api/users/{handle}": {
    get: {
      operationId: "getUser",
      summary: "A member's profile: name, bio, avatar, followers, following and posts counts",
      requestParams: { path: handlePath },
      responses: { "200": json("The profile", Follow.View), "404": noHandle, "500": internal },
    },
  },
  "/api/users/{handle}/posts": {
    get: pagedGet({
      operationId: "listUserPosts",
      summary: "A member's posts, newest first",
      path: handlePath,
      query: PageQuery,
      answer: "A page of posts",
      page: pageOf(Post.Info),
      responses: { "404": noHandle },
    }),
  },
  "/api/users/{handle}/follow": {
    put: followEdge("follow", "Follow a member (idempotent)", "Following"),
    delete: followEdge("unfollow", "Stop following a member (idempotent)", "Not following"),
  },
  "/api/users/{handle}/followers": {
    get: pagedGet({
      operationId: "listFollowers",
      summary: "Who follows a member, most recent first",
      path: handlePath,
      query: PageQuery,
      answer: "A page of profiles",
      page: pageOf(User.Profile),
      responses: { "404": noHandle },
    }),
  },
  "/api/users/{handle}/following": {
    get: pagedGet({
      operationId: "listFollowing",
      summary: "Whom a member follows, most recent first",
      path: handlePath,
      query: PageQuery,
      answer: "A page of profiles",
      page: pageOf(User.Profile),
      responses: { "404": noHandle },
    }),
  },
  "/api/posts": {
    post: {
      operationId: "createPost",
      summary: "Post an uploaded image with a caption (#tags and @mentions are picked out)",
      description:
        "`imageKey` is the `key` of an upload of the caller's (POST /api/uploads, purpose `post`) whose " +
        "file was sent; each upload makes one post. Posts cannot be edited, only deleted.",
      requestBody: body(Post.create.schema),
      responses: {
        "201": json("The post", Post.Info),
        "400": error(
          "Malformed JSON, a caption over 500 characters, or an unusable upload (validation_failed)",
        ),
        ...memberOnly,
        "403": error("Not a member, or not an upload of yours"),
        "409": error("This upload is already used (upload_claimed)"),
        ...jsonBody,
        "500": internal,
      },
    },
  },
  "/api/posts/{id}": {
    get: {
      operationId: "getPost",
      summary: "A post, with `likedByMe` for a member",
      requestParams: { path: postPath },
      responses: { "200": json("The post", Post.Info), "404": noPost, "500": internal },
    },
    delete: {
      operationId: "deletePost",
      summary: "Delete one's own post (its image, likes, comments and notifications follow)",
      requestParams: { path: postPath },
      responses: {
        "204": empty("Deleted"),
        ...memberOnly,
        "403": error("Not a member, or not the post's author"),
        "404": noPost,
        "500": internal,
      },
    },
  },
  "/api/posts/{id}/like": {
    put: {
      operationId: "likePost",
      summary: "Like a post (idempotent); its count follows shortly",
      requestParams: { path: postPath },
      responses: { "200": json("Liked", LikeState), ...memberOnly, "404": noPost, "500": internal },
    },
    delete: {
      operationId: "unlikePost",
      summary: "Take a like back (idempotent)",
      requestParams: { path: postPath },
      responses: { "200": json("Not liked", LikeState), ...memberOnly, "500": internal },
    },
  },
  "/api/posts/{id}/comments": {
    get: pagedGet({
      operationId: "listComments",
      summary: "A post's comments, oldest first",
      path: postPath,
      query: PageQuery,
      answer: "A page of comments",
      page: pageOf(Comment.Info),
      responses: { "404": noPost },
    }),
    post: {
      operationId: "createComment",
      summary: "Comment on a post (1 to 1,000 characters)",
      requestParams: { path: postPath },
      requestBody: body(Comment.Input),
      responses: {
        "201": json("The comment", Comment.Info),
        "400": error("Malformed JSON or invalid text (validation_failed)"),
        ...memberOnly,
        "404": noPost,
        ...jsonBody,
        "500": internal,
      },
    },
  },
  "/api/posts/{id}/comments/{commentId}": {
    delete: {
      operationId: "deleteComment",
      summary: "Delete a comment: its author may, and so may the post's author",
      requestParams: { path: postPath.extend({ commentId: z.string().describe("the comment's id") }) },
      responses: {
        "204": empty("Deleted"),
        ...memberOnly,
        "403": error("Neither the comment's nor the post's author"),
        "404": error("No such comment"),
        "500": internal,
      },
    },
  },
  "/api/notifications": {
    get: pagedGet({
      operationId: "listNotifications",
      summary: "The caller's notifications, grouped (likes, comments, mentions per post; follows per day)",
      query: PageQuery,
      answer: "A page of notification groups, most recently active first",
      page: NotificationPage,
      responses: memberOnly,
    }),
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
      requestBody: body(Notification.MarkRead),
      responses: {
        "200": json("How many were marked, and how many stay unread", MarkedRead),
        "400": error("Malformed JSON or invalid input (validation_failed)"),
        ...memberOnly,
        ...jsonBody,
        "500": internal,
      },
    },
  },
};
