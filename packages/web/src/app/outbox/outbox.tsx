"use client";

import type * as Email from "@bourse/core/email";
import { useState } from "react";
import { useOutbox } from "@/client/api";
import { Card } from "@/components/card";
import { itemsOf, PagedList } from "@/components/paged-list";
import { isRefusal, Refusal } from "./admin-only";

const time = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** The outbox, newest first, polled every 2 s; a message opens in the reader beside the list. */
export function Outbox() {
  const outbox = useOutbox();
  const [selected, setSelected] = useState<string>();
  const messages = itemsOf(outbox);
  const open = messages.find((m) => m.id === selected);
  // The role may have changed since the page knew it: the API's refusal is the answer.
  if (isRefusal(outbox.error)) return <Refusal what="The mail outbox" />;
  return (
    <div className="outbox">
      <Card id="messages" title="Messages" className="outbox-list">
        <PagedList
          list={outbox}
          unavailable="The outbox is unavailable"
          empty="No message yet."
          more="Older messages"
        >
          {() => (
            <ul>
              {messages.map((m) => (
                <li key={m.id}>
                  <button
                    type="button"
                    className="outbox-row"
                    data-testid="outbox-row"
                    aria-pressed={m.id === selected}
                    onClick={() => setSelected(m.id)}
                  >
                    <span className="outbox-subject">{m.subject}</span>
                    <Status status={m.status} />
                    <span className="outbox-to">{m.to.join(", ")}</span>
                    <time dateTime={new Date(m.createdAt).toISOString()}>{time.format(m.createdAt)}</time>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </Card>
      <section className="card outbox-reader" aria-label="Message" aria-live="polite">
        {open ? <Message email={open} /> : <p className="muted">Select a message to read it.</p>}
      </section>
    </div>
  );
}

function Message({ email }: { email: Email.Info }) {
  return (
    <article data-testid="outbox-message">
      <h2 className="card-title">{email.subject}</h2>
      <dl className="meta">
        <dt>To</dt>
        <dd>{email.to.join(", ")}</dd>
        <dt>Status</dt>
        <dd>
          <Status status={email.status} />
          {email.error && <span className="error"> {email.error}</span>}
        </dd>
        <dt>Queued</dt>
        <dd>{time.format(email.createdAt)}</dd>
        {email.sentAt && (
          <>
            <dt>Sent</dt>
            <dd>{time.format(email.sentAt)}</dd>
          </>
        )}
        {email.messageID && (
          <>
            <dt>SES id</dt>
            <dd className="mono">{email.messageID}</dd>
          </>
        )}
      </dl>
      <pre className="message-text">{email.text}</pre>
    </article>
  );
}

function Status({ status }: { status: Email.Info["status"] }) {
  return <span className={`badge badge-mail-${status}`}>{status}</span>;
}
