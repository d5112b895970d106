import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { countTableRead } from "../util/cache";
import * as Correlation from "../util/correlation";

/** The one DynamoDB client. Endpoint and credentials come from the environment (AWS_ENDPOINT_URL_DYNAMODB locally). */
export const client = new DynamoDBClient({});
// The SDK's logger middleware runs every input and output through its sensitive-data filter for a log
// line even when the logger is the default no-op: a tenth of the CPU of a busy process. We log ourselves.
client.middlewareStack.remove("loggerMiddleware");

type Item = Record<string, unknown>;

/** Stamps the id on an item, in its shape: document commands (ElectroDB's) are not marshalled yet here. */
function stamp(item: Item | undefined, id: string) {
  if (!item || Correlation.ATTRIBUTE in item) return;
  const pk = item.pk;
  item[Correlation.ATTRIBUTE] = typeof pk === "object" && pk !== null && "S" in pk ? { S: id } : id;
}

// Items put under a correlation id carry it, so the stream handlers they drive log under the same id.
client.middlewareStack.add(
  (next) => async (args) => {
    const id = Correlation.current();
    const input = args.input as { Item?: Item; TransactItems?: { Put?: { Item?: Item } }[] };
    if (id) {
      stamp(input.Item, id);
      for (const action of input.TransactItems ?? []) stamp(action.Put?.Item, id);
    }
    return next(args);
  },
  { step: "initialize", name: "bourseCorrelation", override: true },
);

const READS = new Set(["GetItemCommand", "QueryCommand", "BatchGetItemCommand", "TransactGetItemsCommand"]);

// Each table read is counted to the cache whose load made it (util/cache: reads saved, per cache).
client.middlewareStack.add(
  (next, context) => (args) => {
    if (READS.has(context.commandName ?? "")) countTableRead();
    return next(args);
  },
  { step: "initialize", name: "bourseCacheReads", override: true },
);

/** The one DocumentClient over it, for the few raw commands ElectroDB does not cover (mixed-entity reads). */
export const documents = DynamoDBDocumentClient.from(client, {
  marshallOptions: { removeUndefinedValues: true },
});
