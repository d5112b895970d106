import * as PriceAnalysis from "@bourse/core/price-data/analysis";
import { logger } from "../lib/lambda";
import { streamHandler } from "../lib/stream";

/** Analyses a run whose rows are in (`analysing`), once: a replay finds the analysis made and skips. */
export const handler = streamHandler("PriceAnalyzer", async (record) => {
  const image = record.dynamodb?.NewImage;
  const runID = image?.runID?.S;
  if (!runID) throw new Error(`price run record ${record.eventID} has no runID`);
  const correlationId = image?.correlationId?.S;
  const outcome = await PriceAnalysis.analyse(runID);
  logger.info("price run analysed", { runID, outcome, ...(correlationId ? { correlationId } : {}) });
});
