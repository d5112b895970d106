import { z } from "zod";

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
