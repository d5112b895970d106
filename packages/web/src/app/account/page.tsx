import type { Metadata } from "next";
import { Account } from "./account";

export const metadata: Metadata = { title: "Account" };

export default function AccountPage() {
  return (
    <>
      <h1>Account</h1>
      <Account />
    </>
  );
}
