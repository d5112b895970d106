import { describe, expect, it } from "vitest";
import { canonicalUrl, normalHeadline } from "./canonical";

describe("canonicalUrl", () => {
  it("gives two providers' links to one story the same URL", () => {
    const tiingo = "https://www.reuters.com/markets/apple-beats-1x?utm_source=tiingo&utm_medium=api";
    const finnhub = "https://WWW.REUTERS.COM/markets/apple-beats-1x/?utm_campaign=company-news#article";
    expect(canonicalUrl(tiingo)).toBe("https://www.reuters.com/markets/apple-beats-1x");
    expect(canonicalUrl(finnhub)).toBe(canonicalUrl(tiingo));
  });

  it("keeps what names the page, in one order, and refuses what is not a web link", () => {
    expect(canonicalUrl("https://example.com/a?id=2&b=1&fbclid=x")).toBe("https://example.com/a?b=1&id=2");
    expect(canonicalUrl("https://example.com:443/")).toBe("https://example.com/");
    expect(canonicalUrl("https://user:pw@example.com/x")).toBe("https://example.com/x");
    expect(canonicalUrl("https://example.com/a?id=1")).not.toBe(canonicalUrl("https://example.com/a?id=2"));
    for (const bad of ["javascript:alert(1)", "ftp://example.com/x", "not a url", ""])
      expect(canonicalUrl(bad)).toBeNull();
  });
});

describe("normalHeadline", () => {
  it("folds case, accents, punctuation, cashtags and links", () => {
    expect(normalHeadline("$AAPL - Apple beats estimates https://t.co/x")).toBe("apple beats estimates");
    expect(normalHeadline("Apple BEATS estimates!")).toBe("apple beats estimates");
    expect(normalHeadline("Nestlé’s   outlook")).toBe(normalHeadline("Nestle s outlook"));
    expect(normalHeadline("Apple beats estimates")).not.toBe(normalHeadline("Apple misses estimates"));
  });
});
