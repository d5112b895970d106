import type { Metadata } from "next";
import Link from "next/link";
import { parts } from "@/app/parts";
import { Watchlists } from "@/components/markets/watchlists";

const part = parts.find((p) => p.href === "/markets")!;

export const metadata: Metadata = { title: part.name };

export default function Page() {
  return (
    <>
      <h1>{part.name}</h1>
      <p>
        <Link href="/alerts">Alert rules</Link>: get an email when a ticker&apos;s sentiment or news volume
        crosses your threshold (members).
      </p>
      <Watchlists />
    </>
  );
}
