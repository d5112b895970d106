import type { Metadata } from "next";
import { ApiDocs } from "./api-docs";

export const metadata: Metadata = { title: "API docs" };

export default function DocsPage() {
  return (
    <>
      <h1>API docs</h1>
      <p className="lead">
        Generated from the same zod schemas the routes validate with. The raw document:{" "}
        <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
      </p>
      <ApiDocs />
    </>
  );
}
