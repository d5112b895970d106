"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { fieldErrors, useLogin, useRequestMagicLink } from "@/client/auth";
import { Card } from "@/components/card";
import { Field, FormError } from "@/components/field";

export function LoginForms() {
  return (
    <div className="auth-forms">
      <PasswordLogin />
      <MagicLinkRequest />
    </div>
  );
}

function PasswordLogin() {
  const login = useLogin();
  const router = useRouter();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    login.mutate(
      { email: String(form.get("email")), password: String(form.get("password")) },
      { onSuccess: () => router.push("/account") },
    );
  };
  const fields = fieldErrors(login.error);
  return (
    <Card id="password" title="With your password">
      <form className="form" onSubmit={submit} aria-label="Log in with password">
        <Field label="Email" name="email" type="email" autoComplete="email" required error={fields.email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={fields.password}
        />
        <div className="form-actions">
          <button type="submit" disabled={login.isPending}>
            {login.isPending ? "Logging in…" : "Log in"}
          </button>
          <span className="small">
            New here? <Link href="/signup">Sign up</Link>
          </span>
        </div>
        <FormError error={login.error} />
      </form>
    </Card>
  );
}

function MagicLinkRequest() {
  const request = useRequestMagicLink();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    request.mutate({ email: String(form.get("email")) });
  };
  const fields = fieldErrors(request.error);
  return (
    <Card id="magic" title="Or get a sign-in link by email">
      <p className="muted small">
        Forgot your password? Sign in with a link, then set a new one on your account page within 15 minutes.
      </p>
      <form className="form" onSubmit={submit} aria-label="Email me a sign-in link">
        <Field
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          error={fields.email}
          id="magic-email"
        />
        <div className="form-actions">
          <button type="submit" className="button-secondary" disabled={request.isPending}>
            {request.isPending ? "Sending…" : "Email me a link"}
          </button>
          <span role="status" className="small" data-testid="magic-link-status">
            {request.isSuccess && "If an account uses this address, a sign-in link is on its way."}
          </span>
        </div>
        <FormError error={request.error} />
      </form>
    </Card>
  );
}
