import type { Metadata } from "next";
import { parts } from "@/app/parts";
import { Planned } from "@/components/planned";

const part = parts.find((p) => p.href === "/partners")!;

export const metadata: Metadata = { title: part.name };

export default function Page() {
  return <Planned part={part} />;
}
