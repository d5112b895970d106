import type { Metadata } from "next";
import { parts } from "@/app/parts";
import { PartnerList } from "./partner-list";

const part = parts.find((p) => p.href === "/partners")!;

export const metadata: Metadata = { title: part.name };

export default function Page() {
  return (
    <>
      <h1>{part.name}</h1>
      <p className="lead">
        Brokerage partners push order events with an API key. Valid orders get a gap-free sequence number per
        partner; refused ones go to an error log kept 30 days. Administrators manage partners, keys, rules and
        operators; operators watch their partner&apos;s dashboard.
      </p>
      <PartnerList />
    </>
  );
}
