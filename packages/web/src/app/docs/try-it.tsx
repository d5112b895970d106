"use client";

import { type FormEvent, useId, useState } from "react";
import type { oas31 } from "zod-openapi";

type Schema = oas31.SchemaObject | oas31.ReferenceObject;

interface Answer {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
  ms: number;
}

/**
 * Sends one documented request as the reader: with their session (the browser's cookies, as the app's
 * pages do) or a pasted bearer token (then without cookies). Parameters and body start from the schema's
 * example; the answer shows status, headers and body.
 */
export function TryIt({
  doc,
  method,
  path,
  op,
}: {
  doc: oas31.OpenAPIObject;
  method: string;
  path: string;
  op: oas31.OperationObject;
}) {
  const id = useId();
  const parameters = ((op.parameters ?? []) as oas31.ParameterObject[]).filter(
    (p) => p.in === "path" || p.in === "query",
  );
  const bodySchema = (op.requestBody as oas31.RequestBodyObject | undefined)?.content?.["application/json"]
    ?.schema;
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(parameters.map((p) => [p.name, initial(doc, p)])),
  );
  const [body, setBody] = useState(() =>
    bodySchema ? JSON.stringify(exampleOf(doc, bodySchema), null, 2) : "",
  );
  const [auth, setAuth] = useState<"session" | "bearer">("session");
  const [token, setToken] = useState("");
  const [answer, setAnswer] = useState<Answer | { error: string }>();
  const [sending, setSending] = useState(false);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    const url = urlOf(path, parameters, values);
    const headers: Record<string, string> = { accept: "application/json" };
    if (bodySchema) headers["content-type"] = "application/json";
    if (auth === "bearer" && token.trim()) headers.authorization = `Bearer ${token.trim()}`;
    const started = performance.now();
    try {
      const response = await fetch(url, {
        method: method.toUpperCase(),
        headers,
        body: bodySchema ? body : undefined,
        credentials: auth === "session" ? "same-origin" : "omit",
      });
      const text = await response.text();
      setAnswer({
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers],
        body: pretty(text),
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      setAnswer({ error: error instanceof Error ? error.message : String(error) });
    } finally {
      setSending(false);
    }
  };

  return (
    <details className="try-it" data-testid="try-it">
      <summary>Try it</summary>
      <form className="form" onSubmit={send}>
        <fieldset>
          <legend>Send as</legend>
          <label>
            <input
              type="radio"
              name={`${id}-auth`}
              checked={auth === "session"}
              onChange={() => setAuth("session")}
            />{" "}
            my session (this browser)
          </label>{" "}
          <label>
            <input
              type="radio"
              name={`${id}-auth`}
              checked={auth === "bearer"}
              onChange={() => setAuth("bearer")}
            />{" "}
            a bearer token
          </label>
          {auth === "bearer" && (
            <label>
              Access token
              <input
                value={token}
                onChange={(e) => setToken(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                placeholder="eyJ…"
              />
            </label>
          )}
        </fieldset>
        {parameters.map((p) => (
          <label key={`${p.in}:${p.name}`}>
            <code>{p.name}</code> <span className="muted small">in {p.in}</span>
            <input
              value={values[p.name] ?? ""}
              required={p.in === "path"}
              onChange={(e) => setValues((v) => ({ ...v, [p.name]: e.target.value }))}
            />
          </label>
        ))}
        {bodySchema && (
          <label>
            Body <span className="muted small">application/json</span>
            <textarea
              className="mono"
              rows={Math.min(14, body.split("\n").length + 1)}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              spellCheck={false}
              data-testid="try-it-body"
            />
          </label>
        )}
        <div className="form-actions">
          <button type="submit" disabled={sending}>
            {sending ? "Sending…" : `Send ${method.toUpperCase()}`}
          </button>
        </div>
      </form>
      {answer && "error" in answer && (
        <p role="alert" className="error">
          No answer: {answer.error}
        </p>
      )}
      {answer && "status" in answer && (
        <div className="try-it-answer" data-testid="try-it-answer" aria-live="polite">
          <p>
            <span className={`badge badge-status-${String(answer.status)[0]}`} data-testid="try-it-status">
              {answer.status}
            </span>{" "}
            {answer.statusText} <span className="muted small">{answer.ms} ms</span>
          </p>
          <details>
            <summary>Headers</summary>
            <pre className="mono small">{answer.headers.map(([k, v]) => `${k}: ${v}`).join("\n")}</pre>
          </details>
          <pre className="mono" data-testid="try-it-response">
            {answer.body}
          </pre>
        </div>
      )}
    </details>
  );
}

function urlOf(path: string, parameters: oas31.ParameterObject[], values: Record<string, string>) {
  let url = path;
  const query = new URLSearchParams();
  for (const p of parameters) {
    const value = values[p.name] ?? "";
    if (p.in === "path") url = url.replace(`{${p.name}}`, encodeURIComponent(value));
    else if (value !== "") query.set(p.name, value);
  }
  const search = query.toString();
  return search ? `${url}?${search}` : url;
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function resolve(doc: oas31.OpenAPIObject, schema: Schema): oas31.SchemaObject {
  if ("$ref" in schema && typeof schema.$ref === "string") {
    const name = schema.$ref.split("/").pop() ?? "";
    return resolve(doc, (doc.components?.schemas?.[name] ?? {}) as Schema);
  }
  return schema as oas31.SchemaObject;
}

function initial(doc: oas31.OpenAPIObject, p: oas31.ParameterObject): string {
  if (p.example !== undefined) return String(p.example);
  const schema = p.schema ? resolve(doc, p.schema) : undefined;
  if (schema?.default !== undefined) return String(schema.default);
  return "";
}

/** The schema's example, else one built from its shape (enums' first value, defaults, minimum sizes). */
export function exampleOf(doc: oas31.OpenAPIObject, given: Schema, depth = 0): unknown {
  const schema = resolve(doc, given);
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.[0]) return exampleOf(doc, alternatives[0], depth + 1);
  if (depth > 6) return null;
  const type = [schema.type].flat()[0];
  if (type === "object" || schema.properties) {
    const required = new Set(schema.required ?? []);
    return Object.fromEntries(
      Object.entries(schema.properties ?? {})
        .filter(([name]) => required.has(name))
        .map(([name, property]) => [name, exampleOf(doc, property, depth + 1)]),
    );
  }
  if (type === "array") {
    const item = schema.items ? exampleOf(doc, schema.items, depth + 1) : null;
    return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => item);
  }
  if (type === "integer" || type === "number") return schema.minimum ?? 1;
  if (type === "boolean") return true;
  if (type === "string") {
    if (schema.format === "email") return "someone@example.com";
    return "x".repeat(Math.max(1, schema.minLength ?? 1));
  }
  return null;
}
