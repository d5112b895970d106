/** Mail: email items are an outbox; the mailer sends each inserted one through SES. */
import { entityFilter } from "./filter";
import { subscriber } from "./subscriber";

export const email = { name: "Email", sender: "noreply@bourse.dev" } as const;

export const subscribers = [
  subscriber({
    name: "Mailer",
    handler: "packages/functions/src/streams/mailer.handler",
    filters: entityFilter("email", ["INSERT"]),
  }),
] as const;
