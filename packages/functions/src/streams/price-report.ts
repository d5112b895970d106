import * as PriceReport from "@bourse/core/price-data/report";
import { logger } from "../lib/lambda";
import { streamHandler } from "../lib/stream";

/** Mails the report of a new analysis to the uploader, once however often the INSERT is delivered. */
export const handler = streamHandler("PriceReport", async (record) => {
  const image = record.dynamodb?.NewImage;
  const runID = image?.runID?.S;
  if (!runID) throw new Error(`price analysis record ${record.eventID} has no runID`);
  const correlationId = image?.correlationId?.S;
  const outcome = await PriceReport.send(runID);
  logger.info("price report", { runID, outcome, ...(correlationId ? { correlationId } : {}) });
});
