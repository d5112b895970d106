import type { Metadata } from "next";
import Link from "next/link";
import { SocialHome } from "@/components/social/social-home";

export const metadata: Metadata = { title: "Social" };

export default function Page() {
  return (
    <>
      <h1>Social</h1>
      <p className="lead">
        Post images, follow people, like and comment. Your recent posts and people from your network are
        below; the posts of everyone you follow are in your <Link href="/feed">home feed</Link>.
      </p>
      <SocialHome />
    </>
  );
}
