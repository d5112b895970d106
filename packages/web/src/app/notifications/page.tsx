import type { Metadata } from "next";
import { Notifications } from "@/components/social/notifications";

export const metadata: Metadata = { title: "Notifications" };

export default function Page() {
  return (
    <>
      <h1>Notifications</h1>
      <Notifications />
    </>
  );
}
