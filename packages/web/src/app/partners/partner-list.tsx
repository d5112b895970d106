"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { isRefusal } from "@/app/outbox/admin-only";
import { useMe } from "@/client/auth";
import { createPartner, usePartnerAction, usePartners } from "@/client/orders";
import { Card } from "@/components/card";
import { Field } from "@/components/field";

/** Admins: every partner and a form for a new one. Members: the partners they operate. */
export function PartnerList() {
  const me = useMe();
  const admin = me.data?.role === "admin";
  const partners = usePartners(admin);
  const create = usePartnerAction(createPartner);
  const [name, setName] = useState("");
  const router = useRouter();
  if (me.isPending) return <p className="muted">Loading…</p>;
  if (me.data?.kind !== "member") return <p className="muted">Log in to see the partners you operate.</p>;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A new partner has no key, rules or operator yet: its page is where they are set.
    create.mutate(name, { onSuccess: (partner) => router.push(`/partners/${partner.id}`) });
  };
  return (
    <>
      <Card id="partners" title={admin ? "Partners" : "Your partners"}>
        {partners.isPending && <p className="muted">Loading…</p>}
        {partners.error && !isRefusal(partners.error) && <p className="error">{partners.error.message}</p>}
        {partners.data?.items.length === 0 && (
          <p className="muted">
            {admin ? "No partner yet." : "An administrator has not linked you to a partner yet."}
          </p>
        )}
        <ul data-testid="partner-list">
          {partners.data?.items.map((p) => (
            <li key={p.id}>
              <Link href={`/partners/${p.id}`}>{p.name}</Link>
            </li>
          ))}
        </ul>
      </Card>
      {admin && (
        <Card id="new-partner" title="New partner">
          <form onSubmit={submit}>
            <Field
              label="Name"
              name="partner-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
            />
            <button type="submit" disabled={create.isPending}>
              Create partner
            </button>
            {create.error && <p className="error">{create.error.message}</p>}
          </form>
        </Card>
      )}
    </>
  );
}
