import type { Metadata } from "next";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = { title: "Sign up" };

export default function SignupPage() {
  return (
    <>
      <h1>Sign up</h1>
      <p className="lead">
        Claim an @handle. If you have been browsing as a guest, what you did stays yours: the guest account
        becomes your account.
      </p>
      <SignupForm />
    </>
  );
}
