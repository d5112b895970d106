import { ValidationError } from "../error";

/** Opaque cursors: ElectroDB's cursor (or any string) wrapped in base64url so clients cannot rely on it. */
export function encodeCursor(raw: string | null | undefined): string | null {
  return raw ? Buffer.from(raw, "utf8").toString("base64url") : null;
}

export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (!cursor) return undefined;
  const raw = Buffer.from(cursor, "base64url").toString("utf8");
  if (!raw || encodeCursor(raw) !== cursor) throw new ValidationError("cursor: malformed");
  return raw;
}
