"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMe } from "@/client/auth";
import { UserMenu } from "@/components/identity";
import { NotificationsLink } from "@/components/social/notifications-link";
import { operations, parts } from "./parts";

/** Pages only administrators can use (core refuses everyone else): linked for administrators only. */
const ADMIN_ONLY = new Set<string>(["/outbox"]);

export function Nav() {
  const pathname = usePathname();
  const isAdmin = useMe().data?.role === "admin";
  const link = ({ href, name }: { href: string; name: string }) => (
    <li key={href}>
      <Link href={href} aria-current={pathname === href ? "page" : undefined}>
        {name}
      </Link>
    </li>
  );
  return (
    <nav className="nav" aria-label="Main">
      <Link href="/" className="brand" aria-current={pathname === "/" ? "page" : undefined}>
        Bourse
      </Link>
      <ul className="nav-group" aria-label="Product">
        {link({ href: "/feed", name: "Feed" })}
        {parts.map(link)}
      </ul>
      <ul className="nav-group nav-ops" aria-label="Operations">
        {operations.filter((o) => isAdmin || !ADMIN_ONLY.has(o.href)).map(link)}
      </ul>
      <NotificationsLink />
      <UserMenu />
    </nav>
  );
}
