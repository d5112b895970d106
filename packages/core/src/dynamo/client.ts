import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** The one DynamoDB client. Endpoint and credentials come from the environment (AWS_ENDPOINT_URL_DYNAMODB locally). */
export const client = new DynamoDBClient({});

/** The one DocumentClient over it, for the few raw commands ElectroDB does not cover (mixed-entity reads). */
export const documents = DynamoDBDocumentClient.from(client, {
  marshallOptions: { removeUndefinedValues: true },
});
