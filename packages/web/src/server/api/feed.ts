import * as Feed from "@bourse/core/feed";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { badQuery, internal, json, memberOnly } from "./contract";
import { queryOf } from "./query";

/** The home feed's contract. */

export const FeedQuery = queryOf(Feed.Input);

export const schemas = {};

export const paths: ZodOpenApiPathsObject = {
  "/api/feed": {
    get: {
      operationId: "getFeed",
      summary: "The caller's home feed: posts of the people they follow and their own, newest first",
      description:
        "Fanned out on write for most authors and merged at read time for authors with many followers " +
        "(5,000 by default). Pass `cursor` back for older posts; the feed goes back 800 posts at most.",
      requestParams: { query: FeedQuery },
      responses: {
        "200": json("A page of posts", Feed.Page),
        ...badQuery,
        ...memberOnly,
        "500": internal,
      },
    },
  },
};
