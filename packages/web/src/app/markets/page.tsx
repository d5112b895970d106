import type { Metadata } from "next";
import { parts } from "@/app/parts";
import { Watchlists } from "@/components/markets/watchlists";

const part = parts.find((p) => p.href === "/markets")!;

export const metadata: Metadata = { title: part.name };

export default function Page() {
  return (
    <>
      <h1>{part.name}</h1>
      <Watchlists />
    </>
  );
}
