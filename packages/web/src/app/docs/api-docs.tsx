"use client";

import type { oas31 } from "zod-openapi";
import { useOpenApi } from "@/client/api";
import { TryIt } from "./try-it";

type Schema = oas31.SchemaObject | oas31.ReferenceObject;

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** A plain reading of the OpenAPI document: operations, then the named schemas they refer to. */
export function ApiDocs() {
  const { data: doc, error, isPending } = useOpenApi();
  if (isPending) return <p className="muted">Loading…</p>;
  if (error) return <p className="error">The API description is unavailable: {error.message}</p>;
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item?.[method] ? [{ path, method, op: item[method] }] : [])),
  );
  const schemas = Object.entries(doc.components?.schemas ?? {});
  return (
    <div className="docs">
      <nav className="card docs-toc" aria-label="Operations">
        <h2 className="card-title">
          {doc.info.title} <span className="muted small">v{doc.info.version}</span>
        </h2>
        {doc.info.description && <p className="small">{doc.info.description}</p>}
        <ul>
          {operations.map(({ path, method, op }) => (
            <li key={`${method} ${path}`}>
              <a href={`#${anchor(method, path)}`}>
                <Method method={method} /> <code>{path}</code>
              </a>
              {op.summary && <span className="muted small"> {op.summary}</span>}
            </li>
          ))}
        </ul>
      </nav>
      {operations.map(({ path, method, op }) => (
        <article
          key={`${method} ${path}`}
          id={anchor(method, path)}
          className="card"
          data-testid="docs-operation"
        >
          <h2 className="card-title">
            <Method method={method} /> <code>{path}</code>
          </h2>
          {op.summary && <p>{op.summary}</p>}
          {op.description && <p className="small">{op.description}</p>}
          <Parameters parameters={(op.parameters ?? []) as oas31.ParameterObject[]} />
          {op.requestBody && "content" in op.requestBody && (
            <>
              <h3>Request body</h3>
              <Content content={op.requestBody.content} />
            </>
          )}
          <h3>Responses</h3>
          <dl className="responses">
            {Object.entries(op.responses ?? {}).map(([status, response]) => (
              <div key={status}>
                <dt>
                  <span className={`badge badge-status-${status[0]}`}>{status}</span>
                </dt>
                <dd>
                  {"description" in response && response.description}
                  {"content" in response && response.content && <Content content={response.content} />}
                </dd>
              </div>
            ))}
          </dl>
          <TryIt doc={doc} method={method} path={path} op={op} />
        </article>
      ))}
      <section aria-labelledby="schemas-title">
        <h2 id="schemas-title">Schemas</h2>
        {schemas.map(([name, schema]) => (
          <article key={name} id={`schema-${name}`} className="card">
            <h3 className="card-title">{name}</h3>
            <SchemaView schema={schema} />
          </article>
        ))}
      </section>
    </div>
  );
}

function anchor(method: string, path: string) {
  return `${method}${path.replace(/[^\w]+/g, "-")}`;
}

function Method({ method }: { method: string }) {
  return <span className={`method method-${method}`}>{method.toUpperCase()}</span>;
}

function Parameters({ parameters }: { parameters: oas31.ParameterObject[] }) {
  if (parameters.length === 0) return null;
  return (
    <>
      <h3>Parameters</h3>
      <ul className="props">
        {parameters.map((p) => (
          <li key={`${p.in}:${p.name}`}>
            <code>{p.name}</code>
            {p.required ? "" : "?"} <span className="muted">in {p.in}</span>{" "}
            {p.schema && <SchemaView schema={p.schema} />}
            {p.description && <span className="muted"> — {p.description}</span>}
          </li>
        ))}
      </ul>
    </>
  );
}

function Content({ content }: { content: oas31.ContentObject }) {
  return (
    <>
      {Object.entries(content).map(([type, media]) => (
        <div key={type} className="content">
          <span className="muted small mono">{type}</span>{" "}
          {media.schema && <SchemaView schema={media.schema} />}
        </div>
      ))}
    </>
  );
}

/** One schema, compactly: references link to the named schema, objects list their properties. */
function SchemaView({ schema }: { schema: Schema }) {
  if (isRef(schema)) {
    const name = schema.$ref.split("/").pop();
    return <a href={`#schema-${name}`}>{name}</a>;
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives)
    return (
      <span>
        {alternatives.map((s, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: alternatives have no identity but their place
          <span key={i}>
            {i > 0 && " | "}
            <SchemaView schema={s} />
          </span>
        ))}
      </span>
    );
  if (schema.type === "array" && schema.items) {
    return (
      <span>
        array of <SchemaView schema={schema.items} />
      </span>
    );
  }
  if (schema.type === "object" || schema.properties) {
    const required = new Set(schema.required ?? []);
    const extra = schema.additionalProperties;
    return (
      <span>
        {extra && typeof extra === "object" ? (
          <span>
            map of string → <SchemaView schema={extra} />
          </span>
        ) : (
          "object"
        )}
        {schema.description && <span className="muted"> — {schema.description}</span>}
        <ul className="props">
          {Object.entries(schema.properties ?? {}).map(([name, property]) => (
            <li key={name}>
              <code>{name}</code>
              {required.has(name) ? "" : "?"}: <SchemaView schema={property} />
              {"description" in property && property.description && (
                <span className="muted"> — {property.description}</span>
              )}
            </li>
          ))}
        </ul>
      </span>
    );
  }
  return <span className="mono">{describe(schema)}</span>;
}

function isRef(schema: Schema): schema is oas31.ReferenceObject {
  return typeof schema.$ref === "string";
}

function describe(schema: oas31.SchemaObject): string {
  const type = [schema.type ?? "any"].flat().join(" | ");
  const facets = [
    schema.format,
    schema.enum && `one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`,
    schema.const !== undefined && `= ${JSON.stringify(schema.const)}`,
    schema.minLength !== undefined && `min length ${schema.minLength}`,
    schema.maxLength !== undefined && `max length ${schema.maxLength}`,
    schema.minimum !== undefined && `≥ ${schema.minimum}`,
    schema.maximum !== undefined && `≤ ${schema.maximum}`,
    schema.minItems !== undefined && `min items ${schema.minItems}`,
    schema.maxItems !== undefined && `max items ${schema.maxItems}`,
    // A format such as email stands for its (long) pattern.
    !schema.format && schema.pattern && `matching /${schema.pattern}/`,
    schema.default !== undefined && `default ${JSON.stringify(schema.default)}`,
  ].filter(Boolean);
  return facets.length ? `${type} (${facets.join(", ")})` : type;
}
