import type { Metadata } from "next";
import { Planned } from "../../components/planned";
import { parts } from "../parts";

const part = parts.find((p) => p.href === "/markets")!;

export const metadata: Metadata = { title: part.name };

export default function Page() {
  return <Planned part={part} />;
}
