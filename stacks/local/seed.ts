import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { client as dynamo, tableName } from "@bourse/core/dynamo";
import * as Email from "@bourse/core/email";
import { seedAdmin } from "./demo/admin";
import { seedMarkets } from "./demo/markets";
import { seedOrders } from "./demo/orders";
import { seedPrices } from "./demo/prices";
import { seedSocial } from "./demo/social";

/** Bump when the demo data changes, so existing data folders get the new set once. */
const SEED_VERSION = "demo-v6";
const marker = { pk: { S: "platform#seed" }, sk: { S: SEED_VERSION } };

/**
 * Demo data for `pnpm dev`, written once per data folder through the same code paths users take, so the
 * stream subscribers and S3 notifications process it like anything else. Expects the platform's env.
 */
export async function seedDemoData(): Promise<"seeded" | "already seeded"> {
  const done = await dynamo.send(
    new GetItemCommand({ TableName: tableName, Key: marker, ConsistentRead: true }),
  );
  if (done.Item) return "already seeded";

  await Email.send({
    to: "demo@example.com",
    subject: "Welcome to Bourse (demo data)",
    text: "This message was queued by the demo seed and delivered through the local SES API by the Mailer subscriber.",
  });
  await seedSocial();
  await seedAdmin();
  await seedPrices();
  await seedMarkets();
  await seedOrders();

  await dynamo.send(
    new PutItemCommand({ TableName: tableName, Item: { ...marker, at: { N: String(Date.now()) } } }),
  );
  return "seeded";
}
