import type { Metadata } from "next";
import { SocialHome } from "../../components/social/social-home";

export const metadata: Metadata = { title: "Social" };

export default function Page() {
  return (
    <>
      <h1>Social</h1>
      <p className="lead">
        Post images, follow people, like and comment. The home feed of the people you follow comes in a later
        step; for now this page shows your own recent posts and people from your network.
      </p>
      <SocialHome />
    </>
  );
}
