import type { Metadata } from "next";
import { handleOf } from "@/app/u/[handle]/handle";
import { People } from "@/components/social/people";

type Props = { params: Promise<{ handle: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Following · @${await handleOf(params)}` };
}

export default async function Page({ params }: Props) {
  return <People handle={await handleOf(params)} list="following" />;
}
