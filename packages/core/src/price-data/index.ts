export * as PriceAnalysis from "./analysis";
export * as PriceReport from "./report";
export * as PriceRow from "./row";
export * as PriceRun from "./run";
export * as PriceSummary from "./summary";
