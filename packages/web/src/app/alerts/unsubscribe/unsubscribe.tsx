"use client";

import { useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { useUnsubscribe } from "@/client/alerts";

function Form() {
  const token = useSearchParams().get("token") ?? "";
  const unsubscribe = useUnsubscribe();
  if (unsubscribe.isSuccess)
    return (
      <p data-testid="unsubscribed">
        Done: this alert rule is switched off. You can switch it on again on the alerts page.
      </p>
    );
  return (
    <>
      <p>This switches off the alert rule that mailed you. You need not be signed in.</p>
      <button
        type="button"
        disabled={!token || unsubscribe.isPending}
        onClick={() => unsubscribe.mutate(token)}
      >
        Unsubscribe
      </button>
      {unsubscribe.error && (
        <p className="error" role="alert">
          {unsubscribe.error.message}
        </p>
      )}
    </>
  );
}

export function Unsubscribe() {
  return (
    <Suspense>
      <Form />
    </Suspense>
  );
}
