import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../error";
import { decodeCursor, encodeCursor, MAX_CURSOR_LENGTH } from "./cursor";

/** What ElectroDB hands back as `cursor`: base64url of the last evaluated key's JSON. */
const electro = (key: object) => Buffer.from(JSON.stringify(key)).toString("base64url");

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe("cursors", () => {
  it("round-trip ElectroDB's cursors and positions of our own", () => {
    const key = electro({ pk: "$bourse#user_01J", sk: "$post_1#id_01K", gsi1pk: "x", n: 3 });
    expect(decodeCursor(encodeCursor(key))).toBe(key);
    const position = JSON.stringify({ v: 1, before: "01K", served: 20, celebrities: [] });
    expect(decodeCursor(encodeCursor(position))).toBe(position);
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor("")).toBeUndefined();
  });

  it("refuse the fuzzer's 5,019-character cursor, and any over the limit, with a ValidationError", () => {
    // Decodes to NUL bytes that re-encode exactly: this once reached ElectroDB's parser and became a 500.
    expect(() => decodeCursor("A".repeat(5019))).toThrow(ValidationError);
    const long = encodeCursor(electro({ pk: "p".repeat(MAX_CURSOR_LENGTH) }))!;
    expect(() => decodeCursor(long)).toThrow(ValidationError);
  });

  it("refuse what no cursor of ours looks like", () => {
    for (const bad of [
      "%zz",
      "a b",
      "abc=",
      encodeCursor("not json"),
      encodeCursor("[1,2]"),
      encodeCursor(electro([])),
    ])
      expect(() => decodeCursor(bad), String(bad)).toThrow(ValidationError);
  });

  it("either return a cursor that wraps JSON or throw a ValidationError, for any string", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 8000 }), fc.base64String({ maxLength: 8000 })), (input) => {
        try {
          const raw = decodeCursor(input);
          if (raw === undefined) return;
          expect(encodeCursor(raw)).toBe(input);
          // What a caller does next (JSON.parse of a position, or ElectroDB's parse of its cursor) succeeds.
          expect(parsesAsJson(raw) || parsesAsJson(Buffer.from(raw, "base64url").toString("utf8"))).toBe(
            true,
          );
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
      { seed: 9, numRuns: 500 },
    );
  });
});
