import type { Metadata } from "next";
import { Unsubscribe } from "./unsubscribe";

export const metadata: Metadata = { title: "Unsubscribe", referrer: "no-referrer" };

/** Where an alert mail's unsubscribe link lands: one button that switches its rule off (a GET changes nothing). */
export default function Page() {
  return (
    <>
      <h1>Stop this alert</h1>
      <Unsubscribe />
    </>
  );
}
