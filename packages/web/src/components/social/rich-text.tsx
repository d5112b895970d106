import { tokenize } from "@bourse/core/social/text";
import Link from "next/link";
import { profileUrl } from "@/client/social";

/**
 * Text with #tags and @mentions. React escapes every piece, so nothing typed becomes markup. Mentions link
 * to profiles: only those in `mentions` when given (a post's, which core resolved to existing members).
 * Tags are styled, not linked: there is no tag search yet, and a link to nothing would mislead.
 */
export function RichText({ text, mentions }: { text: string; mentions?: string[] }) {
  const known = mentions && new Set(mentions.map((m) => m.toLowerCase()));
  return (
    <>
      {tokenize(text).map((token, i) => {
        const key = `${i}:${token.text}`;
        if (token.kind === "tag")
          return (
            <span key={key} className="tag">
              {token.text}
            </span>
          );
        if (token.kind === "mention" && (!known || known.has(token.handle)))
          return (
            <Link key={key} href={profileUrl(token.handle)} className="mention">
              {token.text}
            </Link>
          );
        return <span key={key}>{token.text}</span>;
      })}
    </>
  );
}
