"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMe } from "@/client/auth";
import { useUnreadCount } from "@/client/social";

/** The navigation's Notifications link with the unread count, polled; members only. */
export function NotificationsLink() {
  const me = useMe();
  const unread = useUnreadCount();
  const pathname = usePathname();
  if (me.data?.kind !== "member") return null;
  const count = unread.data ?? 0;
  return (
    <ul className="nav-group nav-notifications" aria-label="Notifications">
      <li>
        <Link
          href="/notifications"
          aria-current={pathname === "/notifications" ? "page" : undefined}
          aria-label={count > 0 ? `Notifications, ${count} unread` : "Notifications"}
        >
          Notifications
          {count > 0 && (
            <span className="badge badge-count" data-testid="unread-badge" aria-hidden="true">
              {count > 99 ? "99+" : count}
            </span>
          )}
        </Link>
      </li>
    </ul>
  );
}
