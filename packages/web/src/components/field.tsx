import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";

interface Labelled {
  label: string;
  /** The API's message for this field. */
  error?: string;
  hint?: string;
  name: string;
  id?: string;
}

/** A labelled input whose error (from the API) is announced and tied to it with aria-describedby. */
export function Field({ label, error, hint, ...input }: Labelled & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Frame label={label} error={error} hint={hint} id={input.id ?? `field-${input.name}`}>
      {(attributes) => <input {...input} {...attributes} />}
    </Frame>
  );
}

/** A labelled multi-line field, with the same error and hint wiring as Field. */
export function TextField({
  label,
  error,
  hint,
  ...textarea
}: Labelled & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <Frame label={label} error={error} hint={hint} id={textarea.id ?? `field-${textarea.name}`}>
      {(attributes) => <textarea {...textarea} {...attributes} />}
    </Frame>
  );
}

function Frame({
  label,
  error,
  hint,
  id,
  children,
}: Omit<Labelled, "name"> & {
  id: string;
  children: (attributes: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": described })}
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
