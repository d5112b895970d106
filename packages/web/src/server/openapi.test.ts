import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

const API = join(import.meta.dirname, "..", "app", "api");

/**
 * Every route file under app/api, as its OpenAPI path: `[id]` and `[...key]` become `{id}` and `{key}`. The
 * top-level catch-all, which documents nothing (JSON 404s), is left out.
 */
function routePaths(dir = API): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return dir === API && entry.name.startsWith("[[") ? [] : routePaths(path);
    if (entry.name !== "route.ts") return [];
    const segments = relative(API, dir).split(sep);
    return [`/api/${segments.map((s) => s.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}")).join("/")}`];
  });
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const document = await openApiDocument();
    expect(document.openapi).toBe("3.1.0");
    // The parser dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it("documents every route", async () => {
    const document = await openApiDocument();
    const routes = routePaths();
    expect(routes).toContain("/api/health");
    expect(Object.keys(document.paths ?? {}).sort()).toEqual(routes.sort());
  });

  it("refers to each named schema, and every reference resolves", async () => {
    const document = await openApiDocument();
    const text = JSON.stringify(document.paths);
    const names = Object.keys(document.components?.schemas ?? {});
    expect(names).toEqual(
      expect.arrayContaining(["HealthReport", "MetricSnapshot", "Email", "SampleEmail", "Error"]),
    );
    for (const name of names) expect(text).toContain(`"#/components/schemas/${name}"`);
    for (const [, name] of JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g))
      expect(names).toContain(name);
  });
});
