import type { InputHTMLAttributes } from "react";

/** A labelled input whose error (from the API) is announced and tied to it with aria-describedby. */
export function Field({
  label,
  error,
  hint,
  ...input
}: { label: string; error?: string; hint?: string; name: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = input.id ?? `field-${input.name}`;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input {...input} id={id} aria-invalid={error ? true : undefined} aria-describedby={described} />
      {hint && (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The error of a form as a whole: the API's own message, announced. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div role="alert" className="error">
      {error instanceof Error ? error.message : String(error)}
    </div>
  );
}
