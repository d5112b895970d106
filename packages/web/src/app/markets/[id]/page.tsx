import type { Metadata } from "next";
import { Dashboard } from "./dashboard";

export const metadata: Metadata = { title: "Watchlist sentiment" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <Dashboard id={(await params).id} />;
}
