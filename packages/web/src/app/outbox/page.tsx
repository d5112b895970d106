import type { Metadata } from "next";
import { AdminOnly } from "./admin-only";
import { Outbox } from "./outbox";
import { SendSample } from "./send-sample";

export const metadata: Metadata = { title: "Mail outbox" };

export default function OutboxPage() {
  return (
    <>
      <h1>Mail outbox</h1>
      <p className="lead">
        Every email the product sends is written here first; the mailer then hands it to SES and marks it
        sent. Messages are kept 30 days. Secrets a mail carries (sign-in links) are never shown here.
      </p>
      <AdminOnly what="The mail outbox">
        <Outbox />
        <SendSample />
      </AdminOnly>
    </>
  );
}
