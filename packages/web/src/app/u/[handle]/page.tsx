import type { Metadata } from "next";
import { ProfileView } from "@/components/social/profile";
import { handleOf } from "./handle";

type Props = { params: Promise<{ handle: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `@${await handleOf(params)}` };
}

/** A member's profile; people reach it as /@handle (a rewrite in next.config.ts). */
export default async function Page({ params }: Props) {
  return <ProfileView handle={await handleOf(params)} />;
}
