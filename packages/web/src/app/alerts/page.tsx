import type { Metadata } from "next";
import Link from "next/link";
import { Alerts } from "@/components/markets/alerts";

export const metadata: Metadata = { title: "Alerts" };

export default function Page() {
  return (
    <>
      <h1>Alerts</h1>
      <p>
        <Link href="/markets">← Markets</Link>
      </p>
      <Alerts />
    </>
  );
}
