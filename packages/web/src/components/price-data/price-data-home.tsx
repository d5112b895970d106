"use client";

import Link from "next/link";
import { useMe } from "@/client/auth";
import { PriceRuns } from "./runs";
import { PriceUpload } from "./upload";

/** Members upload and see their runs; guests are told to sign up (core refuses them anyway). */
export function PriceDataHome() {
  const me = useMe();
  if (me.isPending) return <p className="muted">Loading…</p>;
  if (me.data?.kind !== "member")
    return (
      <section className="card" role="status">
        <h2 className="card-title">Members only</h2>
        <p className="muted">
          <Link href="/signup">Sign up</Link> or <Link href="/login">log in</Link> to upload price data.
        </p>
      </section>
    );
  return (
    <>
      <PriceUpload />
      <PriceRuns />
    </>
  );
}
