import { createHash } from "node:crypto";

/** Query parameters that track a click rather than name a page: dropped so the same story has one URL. */
const TRACKING =
  /^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|ref|ref_src|cmpid|ncid|guccounter|guce_referrer\w*|soc_src|soc_trk|\.tsrc|__twitter_impression)$/i;

/**
 * The URL two providers give for the same story, whatever they appended: lower-case scheme and host, no
 * default port, no fragment, no tracking parameters, the rest sorted, no trailing slash. Not a URL → null.
 */
export function canonicalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  url.hash = "";
  url.username = "";
  url.password = "";
  const kept = [...url.searchParams].filter(([name]) => !TRACKING.test(name));
  kept.sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)));
  url.search = new URLSearchParams(kept).toString();
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, "");
  // URL already lower-cases the scheme and host and drops the default port.
  return url.toString();
}

/**
 * A headline as compared for duplicates: cashtags and links out, case, accents and punctuation folded,
 * spaces collapsed ("$AAPL - Apple beats estimates https://t.co/x" = "Apple beats estimates!").
 */
export function normalHeadline(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\$[A-Za-z][A-Za-z.]{0,9}\b/g, " ")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** A short, stable key of a text (ids of articles by URL, guards by headline). */
export function digest(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64url").slice(0, 32);
}
