import * as PriceRun from "@bourse/core/price-data/run";
import { noStore, route } from "@/server/respond";

/** A presigned POST for one price file, and its run: the browser then sends the file to the data bucket. */
const presign = route.json(PriceRun.CreateInput, async (input) =>
  noStore(await PriceRun.create(input), { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: presign });
