"use client";

import Link from "next/link";
import { profileUrl, usePeople, useUser } from "@/client/social";
import { PersonRow } from "./person";

const TITLES = { followers: "Followers", following: "Following" } as const;

/** A member's followers or the people they follow, page by page. */
export function People({ handle, list }: { handle: string; list: "followers" | "following" }) {
  const user = useUser(handle);
  const people = usePeople(handle, list);
  const items = people.data?.pages.flatMap((page) => page.items) ?? [];
  const name = user.data?.user.displayName ?? `@${handle}`;
  return (
    <>
      <p className="small">
        <Link href={profileUrl(handle)}>← {name}</Link>
      </p>
      <h1>
        {TITLES[list]} <span className="muted">· @{handle}</span>
      </h1>
      <nav className="tabs" aria-label="Lists">
        <Link
          href={`${profileUrl(handle)}/followers`}
          aria-current={list === "followers" ? "page" : undefined}
        >
          Followers{user.data ? ` (${user.data.user.followersCount})` : ""}
        </Link>
        <Link
          href={`${profileUrl(handle)}/following`}
          aria-current={list === "following" ? "page" : undefined}
        >
          Following{user.data ? ` (${user.data.user.followingCount})` : ""}
        </Link>
      </nav>
      <section className="card" aria-label={TITLES[list]}>
        {people.isPending && <p className="muted">Loading…</p>}
        {people.error && (
          <p className="error">
            {people.error.message.startsWith("No user")
              ? `No member is called @${handle}.`
              : people.error.message}
          </p>
        )}
        {people.data && items.length === 0 && (
          <p className="muted">
            {list === "followers" ? `Nobody follows @${handle} yet.` : `@${handle} follows nobody yet.`}
          </p>
        )}
        <ul className="people">
          {items.map((person) => (
            <PersonRow key={person.id} person={person} />
          ))}
        </ul>
        {people.hasNextPage && (
          <button
            type="button"
            className="button-secondary"
            onClick={() => people.fetchNextPage()}
            disabled={people.isFetchingNextPage}
          >
            {people.isFetchingNextPage ? "Loading…" : "Show more"}
          </button>
        )}
      </section>
    </>
  );
}
