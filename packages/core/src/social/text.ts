import * as z from "zod";

/** Limits count characters as people see them (code points), so an emoji is one, not two. */
export function length(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Trimmed text of at most `max` characters (code points); `min` 0 allows empty. */
export function Text(max: number, min = 0) {
  return z
    .string()
    .trim()
    .refine((t) => length(t) >= min, min === 1 ? "must not be empty" : `at least ${min} characters`)
    .refine((t) => length(t) <= max, `at most ${max} characters`);
}

export const MAX_TAGS = 30;
export const MAX_MENTIONS = 20;

// A tag starts after a boundary (not "C#", not "&#38;"), and is letters, digits or _ in any script.
const TAG = /(?<![\p{L}\p{N}_&#])#([\p{L}\p{N}_]{1,64})(?![\p{L}\p{N}_])/gu;
// A mention starts after a boundary (not an email address) and is a handle: 3–30 of a-z, 0-9, _.
const MENTION = /(?<![\p{L}\p{N}_@.])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_])/gu;

/** #tags and @mentions of a caption, lower-cased, de-duplicated, in order of first appearance. */
export function parse(text: string): { tags: string[]; mentions: string[] } {
  const tags = unique([...text.matchAll(TAG)].map((m) => (m[1] as string).toLowerCase())).slice(0, MAX_TAGS);
  const mentions = unique([...text.matchAll(MENTION)].map((m) => (m[1] as string).toLowerCase())).slice(
    0,
    MAX_MENTIONS,
  );
  return { tags, mentions };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export type Token =
  | { kind: "text"; text: string }
  | { kind: "tag"; text: string; tag: string }
  | { kind: "mention"; text: string; handle: string };

const TOKEN = new RegExp(`${TAG.source}|${MENTION.source}`, "gu");

/**
 * A caption or comment cut into text, #tags and @mentions (the ones `parse` finds), every character kept in
 * order, so the browser renders them as links without injecting HTML. This module imports only zod: client
 * code may import it (`@bourse/core/social/text`).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    if (start > at) tokens.push({ kind: "text", text: text.slice(at, start) });
    const [whole, tag, handle] = match;
    if (tag !== undefined) tokens.push({ kind: "tag", text: whole, tag: tag.toLowerCase() });
    else tokens.push({ kind: "mention", text: whole, handle: (handle ?? "").toLowerCase() });
    at = start + whole.length;
  }
  if (at < text.length) tokens.push({ kind: "text", text: text.slice(at) });
  return tokens;
}
