/** Fixtures for tests of resilience and of what it wraps. */
import { startFinnhubLocal } from "../../../../stacks/local/news/finnhub";
import type { NewsServer } from "../../../../stacks/local/news/server";
import { startTiingoLocal } from "../../../../stacks/local/news/tiingo";

/** A clock that stands still until moved. */
export function clockAt(start: number) {
  let at = start;
  const clock = () => new Date(at);
  return Object.assign(clock, { advance: (ms: number) => (at += ms) });
}

/** Local Tiingo and Finnhub servers of a test file's own (their chaos stays in the file). */
export async function newsServers(apiKey: string): Promise<{ tiingo: NewsServer; finnhub: NewsServer }> {
  const [tiingo, finnhub] = await Promise.all([startTiingoLocal({ apiKey }), startFinnhubLocal({ apiKey })]);
  return { tiingo, finnhub };
}
