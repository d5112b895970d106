"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMe } from "@/client/auth";
import { type NotificationInfo, profileUrl, useMarkRead, useNotifications } from "@/client/social";
import { FormError } from "@/components/field";
import { PagedList } from "@/components/paged-list";
import { Avatar } from "./avatar";
import { Ago } from "./time";

// Plain text symbols: emoji fonts are not everywhere.
const ICONS = { like: "♥", comment: "✎", follow: "+", mention: "@" } as const;

/** Where a notification leads: the post, or for new followers the latest one's profile. */
function target(n: NotificationInfo): string {
  if (n.postID) return `/p/${n.postID}`;
  const handle = n.actors[0]?.handle;
  return handle ? profileUrl(handle) : "/notifications";
}

/** The member's notifications, grouped, newest activity first; polled, marked read one by one or all. */
export function Notifications() {
  const me = useMe();
  const list = useNotifications();
  const mark = useMarkRead();
  const router = useRouter();
  if (me.isPending) return <p className="muted">Loading…</p>;
  if (me.data?.kind !== "member")
    return (
      <p className="lead">
        Notifications are for members: <Link href="/signup">sign up</Link> or{" "}
        <Link href="/login">log in</Link> to hear when people like, comment, follow or mention you.
      </p>
    );
  const unread = list.data?.pages[0]?.unread ?? 0;
  const open = (n: NotificationInfo) => {
    if (!n.read) mark.mutate({ ids: [n.id] });
    router.push(target(n));
  };
  return (
    <section className="card" aria-labelledby="notifications-title">
      <div className="card-title-row">
        <h2 id="notifications-title" className="card-title">
          {unread > 0 ? `${unread} unread` : "All caught up"}
        </h2>
        <button
          type="button"
          className="button-secondary"
          onClick={() => mark.mutate({ all: true })}
          disabled={unread === 0 || mark.isPending}
        >
          Mark all read
        </button>
      </div>
      <PagedList
        list={list}
        unavailable="Notifications are unavailable"
        empty="Nothing yet. Likes, comments, new followers and mentions will show up here."
        more="Older notifications"
      >
        {(items) => (
          <ul className="notifications">
            {items.map((n) => (
              <li key={n.id}>
                <a
                  href={target(n)}
                  className={`notification${n.read ? "" : " unread"}`}
                  data-testid="notification"
                  data-type={n.type}
                  onClick={(event) => {
                    if (event.metaKey || event.ctrlKey || event.shiftKey) return;
                    event.preventDefault();
                    open(n);
                  }}
                >
                  <span className="notification-icon" aria-hidden="true">
                    {ICONS[n.type]}
                  </span>
                  <span className="avatars" aria-hidden="true">
                    {n.actors.slice(0, 3).map((actor) => (
                      <Avatar key={actor.id} person={actor} size={28} />
                    ))}
                  </span>
                  <span className="notification-body">
                    <span className="notification-summary">{n.summary}</span>
                    {n.text && <span className="small muted notification-text">“{n.text}”</span>}
                    <span className="small muted">
                      <Ago at={n.updatedAt} />
                      {!n.read && <span className="visually-hidden"> (unread)</span>}
                    </span>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </PagedList>
      <FormError error={mark.error} />
    </section>
  );
}
