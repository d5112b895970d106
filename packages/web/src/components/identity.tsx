"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMe } from "@/client/auth";

/** The right end of the navigation: the signed-in @handle, or the ways in. */
export function UserMenu() {
  const me = useMe();
  const pathname = usePathname();
  const user = me.data;
  if (user?.kind === "member")
    return (
      <ul className="nav-group nav-user" aria-label="Account">
        <li>
          <Link
            href="/account"
            data-testid="nav-handle"
            aria-current={pathname === "/account" ? "page" : undefined}
          >
            @{user.handle}
          </Link>
        </li>
      </ul>
    );
  return (
    <ul className="nav-group nav-user" aria-label="Account">
      <li>
        <Link href="/login" aria-current={pathname === "/login" ? "page" : undefined}>
          Log in
        </Link>
      </li>
      <li>
        <Link href="/signup" className="nav-cta" aria-current={pathname === "/signup" ? "page" : undefined}>
          Sign up
        </Link>
      </li>
    </ul>
  );
}

/** Tells a guest that what they do is kept only in this browser until they sign up (same account). */
export function GuestBanner() {
  const me = useMe();
  const pathname = usePathname();
  if (me.data?.kind !== "anonymous" || pathname === "/signup") return null;
  return (
    <aside className="guest-banner" aria-label="Guest account" data-testid="guest-banner">
      <p>
        You're browsing as a guest — <Link href="/signup">sign up to keep your data</Link>.
      </p>
    </aside>
  );
}
