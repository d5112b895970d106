import type { Metadata } from "next";
import { HomeFeed } from "./home-feed";

export const metadata: Metadata = { title: "Home feed" };

export default function Page() {
  return (
    <>
      <h1>Home feed</h1>
      <p className="lead">The posts of the people you follow and your own, newest first.</p>
      <HomeFeed />
    </>
  );
}
