/**
 * Price data: a file lands under the data bucket's `inputs/` (platform.ts: the DataInput notification
 * ingests it), its run turning `analysing` drives the Analyzer, the analysis's INSERT drives the report.
 */
import { ENTITY_ATTRIBUTE, type FilterPattern } from "./filter";
import { subscriber } from "./subscriber";

/** Whole-file dedupe guards: bookkeeping, not activity. */
export const operationalEntities = ["priceFile"] as const;

const runAnalysing: FilterPattern = {
  eventName: ["MODIFY"],
  dynamodb: { NewImage: { [ENTITY_ATTRIBUTE]: { S: ["priceRun"] }, status: { S: ["analysing"] } } },
};

export const subscribers = [
  subscriber({
    name: "PriceAnalyzer",
    handler: "packages/functions/src/streams/price-analyzer.handler",
    filters: [runAnalysing],
    // One run is up to 20 MB of rows: one at a time.
    batchSize: 1,
    environment: ["BOURSE_AI_SUMMARY", "BOURSE_BEDROCK_MODEL"],
    // Nova Lite through Converse (the model, or the cross-region inference profile that routes to it).
    permissions: [{ actions: ["bedrock:InvokeModel"], resources: ["*"] }],
  }),
  subscriber({
    name: "PriceReport",
    handler: "packages/functions/src/streams/price-report.handler",
    filters: [
      { eventName: ["INSERT"], dynamodb: { NewImage: { [ENTITY_ATTRIBUTE]: { S: ["priceAnalysis"] } } } },
    ],
    // The report's link; on AWS the Router's URL (stacks/aws/table.ts), locally the platform's.
    environment: ["BOURSE_PUBLIC_URL"],
  }),
] as const;
