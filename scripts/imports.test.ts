import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Core's namespaces are imported whole (`import * as Ticker from "../ticker"`), never by name
 * (`import { Ticker }`): esbuild cannot tree-shake a re-exported namespace (evanw/esbuild#1420), so one
 * such import puts the whole module, and everything it imports, into every Lambda that reaches it
 * (packages/core/README.md; `pnpm bench:bundles` shows the sizes).
 */
const root = join(import.meta.dirname, "..");
const core = join(root, "packages", "core", "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ["node_modules", ".next", ".open-next", ".sst"].includes(entry.name) ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

const texts = sources(core).map((file) => readFileSync(file, "utf8"));
const exported = (pattern: RegExp) =>
  new Set(texts.flatMap((text) => [...text.matchAll(pattern)].map((m) => m[1]!)));
/** Names core also exports as a value (`Text`, a schema builder in social/text.ts), told apart by path only. */
const values = exported(/^export (?:async )?(?:function|const|class) (\w+)/gm);
/** Every namespace core declares (`export * as Ticker from "./index"`, `export * as Post from "./post"`). */
const namespaces = new Set([...exported(/^export \* as (\w+) from "/gm)].filter((name) => !values.has(name)));

const NAMED_IMPORT = /^import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)";/gm;

/** The namespaces of core that `text` imports by name (relative specs count inside core only). */
function byName(text: string, inCore: boolean): string[] {
  return [...text.matchAll(NAMED_IMPORT)].flatMap(([, names = "", spec = ""]) => {
    const fromCore = spec.startsWith("@bourse/core") || (inCore && spec.startsWith("."));
    if (!fromCore) return [];
    return names
      .split(",")
      .map((name) =>
        name
          .replace(/^\s*type\s+/, "")
          .split(" as ")[0]!
          .trim(),
      )
      .filter((name) => namespaces.has(name))
      .map((name) => `import { ${name} } from "${spec}"`);
  });
}

describe("core's namespaces", () => {
  it("are imported whole everywhere, so bundles keep only what they use", () => {
    expect(namespaces.size).toBeGreaterThan(40);
    const files = ["packages", "stacks", "scripts", "bench", "e2e"].flatMap((dir) =>
      sources(join(root, dir)),
    );
    const found = files.flatMap((file) =>
      byName(readFileSync(file, "utf8"), file.startsWith(core)).map(
        (line) => `${relative(root, file)}: ${line}`,
      ),
    );
    expect(found).toEqual([]);
  });

  it("tells an import by name from a whole one and from other modules' names", () => {
    const text = [
      'import { Ticker, type Watchlist as W } from "../ticker";',
      'import * as Post from "@bourse/core/social/post";',
      'import { type Info, Label } from "./label";',
      'import { User } from "@/components/user";',
      'import { Session } from "@bourse/core/auth";',
      "",
    ].join("\n");
    expect(byName(text, true)).toEqual([
      'import { Ticker } from "../ticker"',
      'import { Watchlist } from "../ticker"',
      'import { Session } from "@bourse/core/auth"',
    ]);
    expect(byName(text, false)).toEqual(['import { Session } from "@bourse/core/auth"']);
  });
});
