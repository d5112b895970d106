"use client";

import { useQueries } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { api } from "@/client/api";
import { type Me, useMe } from "@/client/auth";
import {
  keys,
  type Page,
  type Profile,
  profileUrl,
  useFollow,
  usePeople,
  useUserPosts,
} from "@/client/social";
import { Composer } from "./composer";
import { PersonRow } from "./person";
import { PostGrid } from "./post-grid";

/**
 * The social home until the feed exists: the composer, the member's own recent posts, and people from
 * their network to follow. Each section says plainly what it is.
 */
export function SocialHome() {
  const me = useMe();
  if (me.isPending) return <p className="muted">Loading…</p>;
  const user = me.data;
  if (user?.kind !== "member" || !user.handle)
    return (
      <>
        <section className="card" aria-labelledby="join-title">
          <h2 id="join-title" className="card-title">
            Join to post
          </h2>
          <p>
            Guests can look around; members post images, follow people, like and comment.{" "}
            <Link href="/signup">Sign up</Link> or <Link href="/login">log in</Link>.
          </p>
        </section>
        <FindMember />
      </>
    );
  return (
    <div className="social-home">
      <section className="card" aria-labelledby="compose-title">
        <h2 id="compose-title" className="card-title">
          New post
        </h2>
        <Composer />
      </section>
      <RecentPosts handle={user.handle} />
      <Suggestions me={user} />
      <FindMember />
    </div>
  );
}

function RecentPosts({ handle }: { handle: string }) {
  const posts = useUserPosts(handle, 9);
  const items = posts.data?.pages[0]?.items ?? [];
  return (
    <section className="card" aria-labelledby="recent-title">
      <h2 id="recent-title" className="card-title">
        Your recent posts
      </h2>
      {posts.isPending && <p className="muted">Loading…</p>}
      {posts.error && <p className="error">Your posts are unavailable: {posts.error.message}</p>}
      {posts.data && items.length === 0 && <p className="muted">Nothing yet: your posts will appear here.</p>}
      <PostGrid posts={items} />
      <p className="small">
        <Link href={profileUrl(handle)}>All your posts on your profile →</Link>
      </p>
    </section>
  );
}

/** How many of the people one follows are asked whom they follow. */
const FRIENDS_ASKED = 3;
const SUGGESTIONS = 8;

/**
 * Suggestions from the member's own network, without any directory of users: people who follow them and
 * whom they don't follow back, then people followed by those they follow.
 */
function Suggestions({ me }: { me: Me }) {
  const handle = me.handle ?? "";
  const followers = usePeople(handle, "followers");
  const following = usePeople(handle, "following");
  const friends = following.data?.pages[0]?.items.slice(0, FRIENDS_ASKED) ?? [];
  const theirs = useQueries({
    queries: friends.map((friend) => ({
      queryKey: [...keys.people(friend.handle ?? "", "following"), "first"],
      queryFn: () => api<Page<Profile>>(`/api/users/${encodeURIComponent(friend.handle ?? "")}/following`),
    })),
  });
  const known = new Set([me.id, ...(following.data?.pages.flatMap((p) => p.items.map((u) => u.id)) ?? [])]);
  const suggestions: { person: Profile; note: string }[] = [];
  const offer = (person: Profile, note: string) => {
    if (known.has(person.id) || suggestions.length >= SUGGESTIONS) return;
    known.add(person.id);
    suggestions.push({ person, note });
  };
  for (const person of followers.data?.pages[0]?.items ?? []) offer(person, "Follows you");
  theirs.forEach((result, i) => {
    for (const person of result.data?.items ?? []) offer(person, `Followed by @${friends[i]?.handle}`);
  });
  const loading = followers.isPending || following.isPending;
  return (
    <section className="card" aria-labelledby="suggest-title">
      <h2 id="suggest-title" className="card-title">
        People to follow
      </h2>
      <p className="muted small">
        From your network: people who follow you, and people followed by those you follow.
      </p>
      {loading && <p className="muted">Loading…</p>}
      {!loading && suggestions.length === 0 && (
        <p className="muted">
          No suggestion yet: they come from the people around you. Find someone by their @handle below.
        </p>
      )}
      <ul className="people">
        {suggestions.map(({ person, note }) => (
          <PersonRow
            key={person.id}
            person={person}
            note={note}
            action={<SuggestedFollow handle={person.handle ?? ""} />}
          />
        ))}
      </ul>
    </section>
  );
}

function SuggestedFollow({ handle }: { handle: string }) {
  const follow = useFollow(handle);
  const following = !follow.isError && follow.variables === true;
  return (
    <button
      type="button"
      className={following ? "button-secondary" : undefined}
      onClick={() => follow.mutate(!following)}
      aria-label={`${following ? "Unfollow" : "Follow"} @${handle}`}
    >
      {following ? "Unfollow" : "Follow"}
    </button>
  );
}

/** Go to a profile by its exact @handle (there is no search: this only opens the address). */
function FindMember() {
  const router = useRouter();
  const [handle, setHandle] = useState("");
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const clean = handle.trim().replace(/^@/, "");
    if (clean) router.push(profileUrl(clean));
  };
  return (
    <section className="card" aria-labelledby="find-title">
      <h2 id="find-title" className="card-title">
        Open a profile
      </h2>
      <form className="form find-member" onSubmit={submit} aria-label="Open a profile">
        <div className="field">
          <label htmlFor="find-handle">Handle</label>
          <input
            id="find-handle"
            value={handle}
            onChange={(e) => setHandle(e.target.value)}
            placeholder="@handle"
            autoComplete="off"
          />
        </div>
        <div className="form-actions">
          <button type="submit" disabled={!handle.trim()}>
            Open
          </button>
        </div>
      </form>
    </section>
  );
}
