import * as Cron from "@bourse/core/cron";
import { noStore, route } from "@/server/respond";

/** Administrators only (core checks): invokes the cron's function asynchronously, 202 once accepted. */
const run = route<{ name: string }>(async (_req, { params }) =>
  noStore({ run: await Cron.run((await params).name) }, { status: 202 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: run });
