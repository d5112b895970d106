import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { service } from "./service";

type Declared = { model?: { entity?: string } };
const src = join(import.meta.dirname, "..");

describe("the one Service", () => {
  it("holds every entity of every context, so ElectroDB has checked they agree on the table's keys", async () => {
    // Building the Service (at import) throws if two entities define a shared index with other fields.
    const registered = new Set<unknown>(Object.values(service.entities));
    const declared: { where: string; value: unknown }[] = [];
    for (const context of readdirSync(src)) {
      const file = join(src, context, "entities.ts");
      if (!existsSync(file)) continue;
      for (const [name, value] of Object.entries(await import(file)))
        if (typeof (value as Declared)?.model?.entity === "string")
          declared.push({ where: `${context}.${name}`, value });
    }
    expect(declared.length).toBeGreaterThan(50);
    expect(declared.filter(({ value }) => !registered.has(value)).map(({ where }) => where)).toEqual([]);
  });
});
