import * as SentimentScoring from "@bourse/core/sentiment/model/scoring";
import { clientIp } from "@/server/auth";
import { noStore, route } from "@/server/respond";

/** Scores 1–100 texts with the offline model, for any caller; limited per client IP (core decides). */
const score = route.json(SentimentScoring.Input, async (body, req) =>
  noStore(await SentimentScoring.score(body, { ip: clientIp(req) })),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: score });
