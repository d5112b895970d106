import type { Metadata } from "next";
import { LoginForms } from "./login-forms";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return (
    <>
      <h1>Log in</h1>
      {(error === "invalid_link" || error === "rate_limited") && (
        <p role="alert" className="error" data-testid="link-error">
          {error === "invalid_link"
            ? "That sign-in link is invalid, expired or already used. Ask for a new one below."
            : "Too many sign-in attempts from here. Wait a few minutes, then try the link again."}
        </p>
      )}
      <LoginForms />
    </>
  );
}
