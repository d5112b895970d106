import type * as Comment from "@bourse/core/social/comment";
import type * as Follow from "@bourse/core/social/follow";
import type * as Notification from "@bourse/core/social/notification";
import type * as Post from "@bourse/core/social/post";
import type * as User from "@bourse/core/user";
import {
  type InfiniteData,
  type QueryClient,
  type QueryKey,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { refetchAfterWrite } from "./after-write";
import { api, json } from "./api";
import { type Me, useMe } from "./auth";
import { pollUnlessLive, useLiveTopic } from "./realtime";

/**
 * The social API in the browser: profiles, posts, likes, follows, comments and notifications, with
 * react-query. Like and follow are optimistic; their counts are written by a stream subscriber a moment
 * after the write, so the affected queries are fetched again after COUNTER_SETTLE_MS.
 */

export type Profile = User.Profile;
export type PostInfo = Post.Info;
export type CommentInfo = Comment.Info;
export type NotificationInfo = Notification.Info;
export interface Page<T> {
  items: T[];
  cursor: string | null;
}
/** A profile as the caller sees it (GET /api/users/{handle}). */
export type UserView = Follow.View;
export interface NotificationPage extends Page<NotificationInfo> {
  unread: number;
}

/** How long after a write the counters are refetched (the subscriber usually needs well under a second). */
export const COUNTER_SETTLE_MS = 1500;
/** The navigation badge and the notifications page poll this often. */
export const NOTIFICATIONS_POLL_MS = 15_000;

const enc = encodeURIComponent;
/** Handles are case-insensitive: one cache entry per person. */
const norm = (handle: string) => handle.toLowerCase();

export const keys = {
  user: (handle: string) => ["user", norm(handle)] as const,
  userPosts: (handle: string) => ["posts", "by", norm(handle)] as const,
  allPosts: ["posts"] as const,
  post: (id: string) => ["post", id] as const,
  comments: (id: string) => ["comments", id] as const,
  people: (handle: string, list: "followers" | "following") => ["people", list, norm(handle)] as const,
  notifications: ["notifications", "list"] as const,
  unread: ["notifications", "unread"] as const,
};

function pageUrl(path: string, cursor: string | null, limit?: number) {
  const query = new URLSearchParams();
  if (cursor) query.set("cursor", cursor);
  if (limit) query.set("limit", String(limit));
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}

/** An infinite list over one of the API's `{items, cursor}` lists. */
function usePages<T>(
  key: QueryKey,
  path: string,
  { limit, enabled = true }: { limit?: number; enabled?: boolean } = {},
) {
  return useInfiniteQuery({
    queryKey: limit ? [...key, { limit }] : key,
    // The signal lets refetchAfterWrite abort a read that started before a write (it could answer stale).
    queryFn: ({ pageParam, signal }) => api<Page<T>>(pageUrl(path, pageParam, limit), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.cursor,
    enabled,
  });
}

/** After a write whose counters a subscriber updates: fetch these again once it has had time to. */
function refetchSoon(client: QueryClient, ...queryKeys: QueryKey[]) {
  setTimeout(() => {
    void refetchAfterWrite(client, ...queryKeys);
  }, COUNTER_SETTLE_MS);
}

// Profiles and follows

export function useUser(handle: string) {
  return useQuery({ queryKey: keys.user(handle), queryFn: () => api<UserView>(`/api/users/${enc(handle)}`) });
}

export function useUserPosts(handle: string, limit?: number) {
  return usePages<PostInfo>(keys.userPosts(handle), `/api/users/${enc(handle)}/posts`, { limit });
}

export function usePeople(handle: string, list: "followers" | "following", enabled = true) {
  return usePages<Profile>(keys.people(handle, list), `/api/users/${enc(handle)}/${list}`, { enabled });
}

/** Follow or unfollow, shown at once; rolled back if the API refuses. */
export function useFollow(handle: string) {
  const client = useQueryClient();
  const key = keys.user(handle);
  return useMutation({
    mutationFn: (follow: boolean) =>
      api<{ handle: string; following: boolean }>(`/api/users/${enc(handle)}/follow`, {
        method: follow ? "PUT" : "DELETE",
      }),
    onMutate: async (follow) => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<UserView>(key);
      if (before && before.followedByMe !== follow)
        client.setQueryData<UserView>(key, {
          ...before,
          followedByMe: follow,
          user: {
            ...before.user,
            followersCount: Math.max(0, before.user.followersCount + (follow ? 1 : -1)),
          },
        });
      return { before };
    },
    onError: (_error, _follow, context) => {
      if (context?.before) client.setQueryData(key, context.before);
    },
    onSettled: () => {
      void refetchAfterWrite(client, ["people"]);
      refetchSoon(client, key, ["me"]);
    },
  });
}

/** Set or clear the caller's picture: an upload of purpose `avatar`, by its key. */
export function useSetAvatar() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (avatarKey: string | null) =>
      (await api<{ user: Me }>("/api/me", json("PATCH", { avatarKey }))).user,
    onSuccess: (user) => {
      client.setQueryData(["me"], user);
      if (user.handle) void refetchAfterWrite(client, keys.user(user.handle));
    },
  });
}

// Posts and likes

export function usePost(id: string) {
  return useQuery({ queryKey: keys.post(id), queryFn: () => api<PostInfo>(`/api/posts/${enc(id)}`) });
}

export function useCreatePost() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { imageKey: string; caption: string }) =>
      api<PostInfo>("/api/posts", json("POST", input)),
    onSuccess: (post) => {
      client.setQueryData(keys.post(post.id), post);
      void refetchAfterWrite(client, keys.allPosts);
      if (post.author.handle) refetchSoon(client, keys.user(post.author.handle), ["me"]);
    },
  });
}

export function useDeletePost() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (post: PostInfo) => api<void>(`/api/posts/${enc(post.id)}`, { method: "DELETE" }),
    onSuccess: (_void, post) => {
      client.removeQueries({ queryKey: keys.post(post.id) });
      void refetchAfterWrite(client, keys.allPosts);
      if (post.author.handle) refetchSoon(client, keys.user(post.author.handle), keys.allPosts);
    },
  });
}

/** Apply a change to a post wherever it is cached: its own query and every list of posts. */
function updatePost(client: QueryClient, id: string, change: (post: PostInfo) => PostInfo) {
  client.setQueryData<PostInfo>(keys.post(id), (post) => post && change(post));
  client.setQueriesData<InfiniteData<Page<PostInfo>>>({ queryKey: keys.allPosts }, (data) =>
    data?.pages
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((post) => (post.id === id ? change(post) : post)),
          })),
        }
      : data,
  );
}

/** Like or unlike, shown at once (heart and count); rolled back if the API refuses. */
export function useLike() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, like }: { id: string; like: boolean }) =>
      api<{ postID: string; liked: boolean }>(`/api/posts/${enc(id)}/like`, {
        method: like ? "PUT" : "DELETE",
      }),
    onMutate: async ({ id, like }) => {
      await Promise.all([
        client.cancelQueries({ queryKey: keys.post(id) }),
        client.cancelQueries({ queryKey: keys.allPosts }),
      ]);
      const snapshot = [
        ...client.getQueriesData({ queryKey: keys.post(id) }),
        ...client.getQueriesData({ queryKey: keys.allPosts }),
      ];
      updatePost(client, id, (post) =>
        post.likedByMe === like
          ? post
          : { ...post, likedByMe: like, likesCount: Math.max(0, post.likesCount + (like ? 1 : -1)) },
      );
      return { snapshot };
    },
    onError: (_error, _vars, context) => {
      for (const [key, data] of context?.snapshot ?? []) client.setQueryData(key, data);
    },
    onSettled: (_result, _error, { id }) => refetchSoon(client, keys.post(id), keys.allPosts),
  });
}

// Comments

export function useComments(postID: string) {
  return usePages<CommentInfo>(keys.comments(postID), `/api/posts/${enc(postID)}/comments`);
}

export function useAddComment(postID: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      api<CommentInfo>(`/api/posts/${enc(postID)}/comments`, json("POST", { text })),
    onSuccess: async (comment) => {
      await client.cancelQueries({ queryKey: keys.comments(postID) });
      updatePost(client, postID, (post) => ({ ...post, commentsCount: post.commentsCount + 1 }));
      // Shown at once at the end of the list when its last page is loaded; the refetch then confirms it.
      client.setQueriesData<InfiniteData<Page<CommentInfo>>>({ queryKey: keys.comments(postID) }, (data) => {
        const last = data?.pages.at(-1);
        if (!data || !last || last.cursor || last.items.some((c) => c.id === comment.id)) return data;
        return { ...data, pages: [...data.pages.slice(0, -1), { ...last, items: [...last.items, comment] }] };
      });
      void refetchAfterWrite(client, keys.comments(postID));
      refetchSoon(client, keys.post(postID));
    },
  });
}

export function useDeleteComment(postID: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (commentID: string) =>
      api<void>(`/api/posts/${enc(postID)}/comments/${enc(commentID)}`, { method: "DELETE" }),
    onSuccess: () => {
      updatePost(client, postID, (post) => ({ ...post, commentsCount: Math.max(0, post.commentsCount - 1) }));
      void refetchAfterWrite(client, keys.comments(postID));
      refetchSoon(client, keys.post(postID));
    },
  });
}

// Notifications

/** Members only: a guest has no notifications (the API answers 403), so nothing is asked. */
function useIsMember() {
  return useMe().data?.kind === "member";
}

/** The caller's notifications topic, pushed while the tab's socket follows it. */
function useLiveNotifications() {
  const me = useMe().data;
  return useLiveTopic(me?.kind === "member" ? `notifications:${me.id}` : undefined);
}

export function useNotifications() {
  const member = useIsMember();
  const live = useLiveNotifications();
  return useInfiniteQuery({
    queryKey: keys.notifications,
    queryFn: ({ pageParam }) => api<NotificationPage>(pageUrl("/api/notifications", pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.cursor,
    enabled: member,
    refetchInterval: pollUnlessLive(live, NOTIFICATIONS_POLL_MS),
  });
}

export function useUnreadCount() {
  const member = useIsMember();
  const live = useLiveNotifications();
  return useQuery({
    queryKey: keys.unread,
    queryFn: async () => (await api<{ unread: number }>("/api/notifications/unread")).unread,
    enabled: member,
    refetchInterval: pollUnlessLive(live, NOTIFICATIONS_POLL_MS),
    refetchIntervalInBackground: false,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { ids: string[] } | { all: true }) =>
      api<{ marked: number; unread: number }>("/api/notifications/read", json("POST", input)),
    onMutate: async (input) => {
      await client.cancelQueries({ queryKey: keys.notifications });
      const read = (n: NotificationInfo) =>
        "all" in input || input.ids.includes(n.id) ? { ...n, read: true } : n;
      client.setQueryData<InfiniteData<NotificationPage>>(keys.notifications, (data) =>
        data
          ? { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map(read) })) }
          : data,
      );
    },
    onSuccess: ({ unread }) => client.setQueryData(keys.unread, unread),
    onSettled: () => refetchAfterWrite(client, keys.notifications),
  });
}

/** The address of an uploaded image (a redirect to the storage). */
export function mediaUrl(key: string): string {
  return `/api/media/${key.split("/").map(enc).join("/")}`;
}

/** A member's profile address, as people share it. */
export function profileUrl(handle: string): string {
  return `/@${handle}`;
}
