"use client";

import Link from "next/link";
import { profileUrl, usePeople, useUser } from "@/client/social";
import { PagedList } from "@/components/paged-list";
import { PersonRow } from "./person";

const TITLES = { followers: "Followers", following: "Following" } as const;

/** A member's followers or the people they follow, page by page. */
export function People({ handle, list }: { handle: string; list: "followers" | "following" }) {
  const user = useUser(handle);
  const people = usePeople(handle, list);
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
        <PagedList
          list={people}
          unavailable={(error) =>
            error.message.startsWith("No user") ? `No member is called @${handle}.` : error.message
          }
          empty={list === "followers" ? `Nobody follows @${handle} yet.` : `@${handle} follows nobody yet.`}
          more="Show more"
        >
          {(items) => (
            <ul className="people">
              {items.map((person) => (
                <PersonRow key={person.id} person={person} />
              ))}
            </ul>
          )}
        </PagedList>
      </section>
    </>
  );
}
