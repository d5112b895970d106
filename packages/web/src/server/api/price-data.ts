import * as PriceAnalysis from "@bourse/core/price-data/analysis";
import * as PriceRun from "@bourse/core/price-data/run";
import { Page } from "@bourse/core/util/page";
import * as z from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { body, error, internal, json, jsonErrors, memberOnly, pagedGet, pageOf } from "./contract";
import { queryOf } from "./query";

/** The price-data contract: uploads of OHLCV files, their runs, rejects, analyses and chart series. */

export const RunsQuery = queryOf(Page);

export const schemas = {
  PriceUploadRequest: PriceRun.CreateInput,
  PriceUpload: PriceRun.Created,
  PriceRunDetail: PriceRun.Detail,
  PriceRejects: PriceRun.RejectsPage,
  PriceSeries: PriceAnalysis.Series,
};

const runPath = z.object({ id: z.string().describe("the run's id") });
const notFound = { "404": error("No such run of the caller's (other people's runs are not found either)") };

export const paths: ZodOpenApiPathsObject = {
  "/api/price-data/uploads": {
    post: {
      operationId: "createPriceUpload",
      summary:
        "Presign an upload of one price file (Twelve Data JSON or CSV, at most 20 MB) and queue its run",
      description:
        "POST the returned `upload.fields` and then the file (field `file`) as multipart/form-data to " +
        "`upload.url` within 5 minutes. The storage itself refuses another key or content type, or more bytes " +
        "than announced. The run then goes queued → ingesting → analysing → done (or failed, or duplicate " +
        "when the same bytes were uploaded before). Members only.",
      requestBody: body(PriceRun.CreateInput),
      responses: {
        "201": json("The run, queued, and its presigned POST", PriceRun.Created),
        ...jsonErrors,
        ...memberOnly,
        "413": error("A file over 20 MB (payload_too_large)"),
        "500": internal,
      },
    },
  },
  "/api/price-data/runs": {
    get: pagedGet({
      operationId: "listPriceRuns",
      summary: "The caller's price-data runs, newest first",
      query: RunsQuery,
      answer: "A page of runs",
      page: pageOf(PriceRun.Info),
      responses: memberOnly,
    }),
  },
  "/api/price-data/runs/{id}": {
    get: {
      operationId: "getPriceRun",
      summary: "One run: counts, timings, and once done its metrics, anomalies, aggregates and summary",
      requestParams: { path: runPath },
      responses: { "200": json("The run", PriceRun.Detail), ...memberOnly, ...notFound, "500": internal },
    },
  },
  "/api/price-data/runs/{id}/rejects": {
    get: pagedGet({
      operationId: "listPriceRejects",
      summary: "A run's rejected rows with their reasons, in file order",
      path: runPath,
      query: RunsQuery,
      answer: "A page of rejects",
      page: PriceRun.RejectsPage,
      responses: { ...memberOnly, ...notFound },
    }),
  },
  "/api/price-data/runs/{id}/series/{symbol}": {
    get: {
      operationId: "getPriceSeries",
      summary: "One symbol's chart data of a finished run: candles with volume, SMA20, SMA50, anomalies",
      requestParams: { path: runPath.extend({ symbol: z.string().describe("a symbol of the run") }) },
      responses: {
        "200": json("The series, in date order", PriceAnalysis.Series),
        ...memberOnly,
        "404": error("No such run, or the run is not done or has no such symbol"),
        "500": internal,
      },
    },
  },
};
