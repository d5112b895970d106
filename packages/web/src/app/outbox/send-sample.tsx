"use client";

import type { FormEvent } from "react";
import { useSendSample } from "@/client/api";
import { Issues, issuesOf } from "@/components/issues";
import { isRefusal } from "./admin-only";

/** Send a harmless sample message: the API only accepts reserved domains such as example.com. */
export function SendSample() {
  const send = useSendSample();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    send.mutate({
      to: String(form.get("to")),
      subject: String(form.get("subject")),
      text: String(form.get("text")),
    });
  };
  const issues = issuesOf(send.error);
  return (
    <section className="card" aria-labelledby="send-title">
      <h2 id="send-title" className="card-title">
        Send a sample message
      </h2>
      <form className="form" onSubmit={submit} data-testid="outbox-form">
        <label>
          To
          <input
            name="to"
            type="email"
            required
            defaultValue="sample@example.com"
            aria-describedby="to-hint"
          />
        </label>
        <p id="to-hint" className="muted small">
          Only reserved domains are accepted: example.com, example.org, example.net and *.test.
        </p>
        <label>
          Subject
          <input name="subject" required maxLength={200} defaultValue="Sample message" />
        </label>
        <label>
          Text
          <textarea name="text" required rows={4} defaultValue="Hello from the Bourse mail outbox." />
        </label>
        <div className="form-actions">
          <button type="submit" disabled={send.isPending}>
            {send.isPending ? "Sending…" : "Send"}
          </button>
          <span role="status" className="small">
            {send.isSuccess && `Queued “${send.data.subject}”.`}
          </span>
        </div>
        {send.error && (
          <div role="alert" className="error">
            Not sent.{" "}
            {isRefusal(send.error) ? (
              "Only administrators can send sample messages."
            ) : issues.length > 0 ? (
              <Issues issues={issues} />
            ) : (
              send.error.message
            )}
          </div>
        )}
      </form>
    </section>
  );
}
