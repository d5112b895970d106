"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { UserMenu } from "../components/identity";
import { NotificationsLink } from "../components/social/notifications-link";
import { operations, parts } from "./parts";

export function Nav() {
  const pathname = usePathname();
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
        {operations.map(link)}
      </ul>
      <NotificationsLink />
      <UserMenu />
    </nav>
  );
}
