import type { Metadata } from "next";
import { PartnerAdmin } from "./partner-admin";
import { PartnerDashboard } from "./partner-dashboard";

export const metadata: Metadata = { title: "Partner" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <h1>Partner dashboard</h1>
      <PartnerDashboard id={id} />
      <PartnerAdmin id={id} />
    </>
  );
}
