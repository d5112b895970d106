import { ValidationError } from "../error";

/**
 * Opaque cursors: ElectroDB's cursor (base64url of the last key's JSON) or a position of our own (JSON),
 * wrapped in base64url so clients cannot rely on it.
 */

/** Longest cursor accepted: ours are a few hundred characters; the home feed's, the largest, stay below. */
export const MAX_CURSOR_LENGTH = 6000;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeCursor(raw: string | null | undefined): string | null {
  return raw ? Buffer.from(raw, "utf8").toString("base64url") : null;
}

/**
 * The raw cursor, or a ValidationError (400) for anything no `encodeCursor` of ours could have produced:
 * too long, not base64url, or not wrapping JSON. Garbage must stop here, not in ElectroDB's parser (a 500).
 */
export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (!cursor) return undefined;
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw malformed();
  const raw = Buffer.from(cursor, "base64url").toString("utf8");
  if (!raw || encodeCursor(raw) !== cursor || !(isPosition(raw) || isElectroCursor(raw))) throw malformed();
  return raw;
}

const malformed = () => new ValidationError("cursor: malformed");

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A position of our own: a JSON object (its owner validates the fields). */
const isPosition = (raw: string) => jsonObject(raw) !== undefined;

/** ElectroDB's cursor: base64url of a DynamoDB key, a non-empty object of string or number attributes. */
function isElectroCursor(raw: string): boolean {
  if (!BASE64URL.test(raw)) return false;
  const key = jsonObject(Buffer.from(raw, "base64url").toString("utf8"));
  const values = Object.values(key ?? {});
  return values.length > 0 && values.every((v) => typeof v === "string" || typeof v === "number");
}
