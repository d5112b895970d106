/**
 * A caption or comment cut into text, #tags and @mentions, to render them as links without injecting
 * HTML. The patterns are core's (packages/core/src/social/text.ts, which the browser must not import); a
 * test checks both find the same tags and mentions.
 */

export type Token =
  | { kind: "text"; text: string }
  | { kind: "tag"; text: string; tag: string }
  | { kind: "mention"; text: string; handle: string };

// A tag starts after a boundary (not "C#", not "&#38;"); a mention is a handle not inside an email address.
const TOKEN =
  /(?<![\p{L}\p{N}_&#])#([\p{L}\p{N}_]{1,64})(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}_@.])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_])/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index ?? 0;
    if (start > at) tokens.push({ kind: "text", text: text.slice(at, start) });
    const [whole, tag, handle] = match;
    if (tag !== undefined) tokens.push({ kind: "tag", text: whole, tag: tag.toLowerCase() });
    else tokens.push({ kind: "mention", text: whole, handle: (handle ?? "").toLowerCase() });
    at = start + whole.length;
  }
  if (at < text.length) tokens.push({ kind: "text", text: text.slice(at) });
  return tokens;
}
