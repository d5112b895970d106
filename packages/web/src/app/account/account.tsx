"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import {
  fieldErrors,
  type Me,
  type SessionItem,
  useChangePassword,
  useCurrentSession,
  useLogout,
  useMe,
  useRevokeSession,
  useSessions,
  useUpdateProfile,
} from "@/client/auth";
import { Card } from "@/components/card";
import { Field, FormError, TextField } from "@/components/field";

const time = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function Account() {
  const me = useMe();
  if (me.isPending) return <p className="muted">Loading…</p>;
  if (me.error) return <p className="error">Your account is unavailable: {me.error.message}</p>;
  const user = me.data;
  return (
    <>
      <Card
        id="who"
        title={
          user.kind === "member" ? (
            <>
              <span data-testid="account-handle">@{user.handle}</span>
              <span className="badge">member</span>
            </>
          ) : (
            <>
              Guest <span className="badge badge-planned">not signed up</span>
            </>
          )
        }
      >
        <dl className="meta">
          {user.email && (
            <>
              <dt>Email</dt>
              <dd data-testid="account-email">{user.email}</dd>
            </>
          )}
          <dt>Account id</dt>
          <dd className="mono" data-testid="account-id">
            {user.id}
          </dd>
          <dt>Since</dt>
          <dd>{time.format(user.createdAt)}</dd>
        </dl>
        {user.kind === "anonymous" && (
          <p>
            Your guest account lives in this browser only. <Link href="/signup">Sign up</Link> to keep it —
            same account, same data — or <Link href="/login">log in</Link> to an existing one.
          </p>
        )}
      </Card>
      <Profile user={user} />
      {user.kind === "member" && (
        <>
          <Sessions />
          <ChangePassword hasPassword={user.hasPassword} />
          <Logout />
        </>
      )}
    </>
  );
}

function Profile({ user }: { user: Me }) {
  const update = useUpdateProfile();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update.mutate({ displayName: String(form.get("displayName")), bio: String(form.get("bio")) });
  };
  const fields = fieldErrors(update.error);
  return (
    <Card id="profile" title="Profile">
      {/* Keyed by the saved values, so the form shows them again after a save or an identity change. */}
      <form
        className="form"
        onSubmit={submit}
        aria-label="Profile"
        key={`${user.id}:${user.displayName}:${user.bio}`}
      >
        <Field
          label="Display name"
          name="displayName"
          required
          maxLength={50}
          defaultValue={user.displayName}
          error={fields.displayName}
        />
        <TextField
          label="Bio"
          name="bio"
          rows={3}
          maxLength={300}
          defaultValue={user.bio}
          error={fields.bio}
        />
        <div className="form-actions">
          <button type="submit" disabled={update.isPending}>
            {update.isPending ? "Saving…" : "Save profile"}
          </button>
          <span role="status" className="small" data-testid="profile-status">
            {update.isSuccess && !update.isPending && "Saved."}
          </span>
        </div>
        <FormError error={update.error} />
      </form>
    </Card>
  );
}

function describe(session: SessionItem): string {
  const agent = session.userAgent ?? "";
  const browser = /Edg\//.test(agent)
    ? "Edge"
    : /Chrom(e|ium)\//.test(agent)
      ? "Chrome"
      : /Firefox\//.test(agent)
        ? "Firefox"
        : /Safari\//.test(agent)
          ? "Safari"
          : agent
            ? agent.slice(0, 40)
            : "Unknown device";
  return session.ip ? `${browser} · ${session.ip}` : browser;
}

function Sessions() {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  return (
    <Card id="sessions" title="Active sessions">
      {sessions.isPending && <p className="muted">Loading…</p>}
      {sessions.error && <p className="error">Sessions are unavailable: {sessions.error.message}</p>}
      <ul className="sessions" data-testid="sessions">
        {sessions.data?.map((session) => (
          <li key={session.id} className="session" data-testid="session">
            <div>
              <strong>{describe(session)}</strong>{" "}
              {session.current && <span className="badge badge-ok">this device</span>}
              <div className="muted small">
                Signed in {time.format(session.createdAt)}
                {session.lastUsedAt ? ` · last used ${time.format(session.lastUsedAt)}` : ""}
              </div>
            </div>
            {!session.current && (
              <button
                type="button"
                className="button-secondary"
                onClick={() => revoke.mutate(session.id)}
                disabled={revoke.isPending}
                aria-label={`Revoke session ${describe(session)}, signed in ${time.format(session.createdAt)}`}
              >
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
      <FormError error={revoke.error} />
    </Card>
  );
}

/**
 * Change the password with the current one, or (signed in by magic link within the last 15 minutes) set a
 * new one without it: account recovery.
 */
function ChangePassword({ hasPassword }: { hasPassword: boolean }) {
  const change = useChangePassword();
  const resetUntil = useCurrentSession().data?.passwordResetUntil ?? null;
  const reset = resetUntil !== null && resetUntil > Date.now();
  const [done, setDone] = useState(false);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    setDone(false);
    const next = String(form.get("next"));
    change.mutate(reset ? { next } : { current: String(form.get("current")), next }, {
      onSuccess: () => {
        element.reset();
        setDone(true);
      },
    });
  };
  const fields = fieldErrors(change.error);
  return (
    <Card
      id="password"
      title={reset ? "Set a new password" : hasPassword ? "Change password" : "Set a password"}
    >
      {reset && (
        <p className="muted" data-testid="password-reset-note">
          You signed in with an emailed link, so you can set a new password without the current one until{" "}
          {time.format(resetUntil)}.
        </p>
      )}
      <form className="form" onSubmit={submit} aria-label="Change password">
        {!reset && (
          <Field
            label="Current password"
            name="current"
            type="password"
            autoComplete="current-password"
            required={hasPassword}
            error={fields.current}
          />
        )}
        <Field
          label="New password"
          name="next"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 10 characters, not a common password. Your other sessions will be signed out."
          error={fields.next ?? fields.password}
        />
        <div className="form-actions">
          <button type="submit" disabled={change.isPending}>
            {change.isPending ? "Saving…" : reset ? "Set new password" : "Change password"}
          </button>
          <span role="status" className="small">
            {done && "Password changed; other sessions were signed out."}
          </span>
        </div>
        <FormError error={change.error} />
      </form>
    </Card>
  );
}

function Logout() {
  const logout = useLogout();
  const router = useRouter();
  return (
    <Card id="logout" title="Log out">
      <p className="muted">Ends this session on this device. Your other sessions stay signed in.</p>
      <button
        type="button"
        className="button-secondary"
        onClick={() => logout.mutate(undefined, { onSuccess: () => router.push("/login") })}
        disabled={logout.isPending}
      >
        {logout.isPending ? "Logging out…" : "Log out"}
      </button>
      <FormError error={logout.error} />
    </Card>
  );
}
