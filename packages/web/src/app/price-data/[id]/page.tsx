import type { Metadata } from "next";
import { RunView } from "@/components/price-data/run-view";

export const metadata: Metadata = { title: "Price data run" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <RunView id={(await params).id} />;
}
