"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { fieldErrors, useMe, useSignup } from "@/client/auth";
import { Card } from "@/components/card";
import { Field, FormError } from "@/components/field";

export function SignupForm() {
  const me = useMe();
  const signup = useSignup();
  const router = useRouter();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signup.mutate(
      {
        email: String(form.get("email")),
        handle: String(form.get("handle")),
        displayName: String(form.get("displayName")),
        password: String(form.get("password")),
      },
      { onSuccess: () => router.push("/account") },
    );
  };
  const fields = fieldErrors(signup.error);
  const guestName =
    me.data?.kind === "anonymous" && me.data.displayName !== "Guest" ? me.data.displayName : "";
  return (
    <Card id="signup" title="Create your account">
      {me.data?.kind === "member" && (
        <p className="muted">You are signed in as @{me.data.handle}. Signing up creates another account.</p>
      )}
      <form className="form" onSubmit={submit} aria-label="Sign up">
        <Field label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
        <Field
          label="Handle"
          name="handle"
          autoComplete="username"
          required
          maxLength={30}
          hint="3 to 30 letters, digits or _ — your public @name."
          error={fields.handle}
        />
        <Field
          label="Display name"
          name="displayName"
          autoComplete="name"
          required
          maxLength={50}
          defaultValue={guestName}
          key={guestName}
          error={fields.displayName}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 10 characters, not a common password."
          error={fields.password}
        />
        <div className="form-actions">
          <button type="submit" disabled={signup.isPending}>
            {signup.isPending ? "Creating…" : "Sign up"}
          </button>
          <span className="small">
            Already a member? <Link href="/login">Log in</Link>
          </span>
        </div>
        <FormError error={signup.error} />
      </form>
    </Card>
  );
}
