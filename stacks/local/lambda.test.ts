import { InvokeCommand, LambdaClient, ResourceNotFoundException } from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CREDENTIALS } from "./env";
import { type LambdaLocal, startLambdaLocal } from "./lambda";

let local: LambdaLocal;
let client: LambdaClient;
const ran: unknown[] = [];

beforeAll(async () => {
  local = await startLambdaLocal({
    region: "us-east-1",
    accountId: "000000000000",
    functions: {
      "bourse-test-Echo": async (event) => {
        await new Promise((done) => setTimeout(done, 50));
        ran.push(event);
        return { echoed: event };
      },
      "bourse-test-Fails": async () => {
        throw new TypeError("broken handler");
      },
    },
  });
  client = new LambdaClient({ endpoint: local.endpoint, region: "us-east-1", credentials: CREDENTIALS });
});
afterAll(async () => {
  client?.destroy();
  await local?.stop();
});

const invoke = (name: string, payload: unknown, type?: "Event" | "RequestResponse" | "DryRun") =>
  client.send(
    new InvokeCommand({
      FunctionName: name,
      InvocationType: type,
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );

describe("the local Lambda Invoke API, through the AWS SDK", () => {
  it("answers an Event invocation with 202 at once and runs it in the background", async () => {
    const answer = await invoke("bourse-test-Echo", { n: 1 }, "Event");
    expect(answer.StatusCode).toBe(202);
    expect(ran).not.toContainEqual({ n: 1 });
    await local.idle();
    expect(ran).toContainEqual({ n: 1 });
  });

  it("returns a RequestResponse result, and a handler's error as Lambda does", async () => {
    const answer = await invoke("arn:aws:lambda:us-east-1:000000000000:function:bourse-test-Echo", { n: 2 });
    expect(answer.StatusCode).toBe(200);
    expect(JSON.parse(new TextDecoder().decode(answer.Payload))).toEqual({ echoed: { n: 2 } });
    const failed = await invoke("bourse-test-Fails", {});
    expect(failed.FunctionError).toBe("Unhandled");
    expect(JSON.parse(new TextDecoder().decode(failed.Payload))).toEqual({
      errorType: "TypeError",
      errorMessage: "broken handler",
    });
    expect((await invoke("bourse-test-Echo", {}, "DryRun")).StatusCode).toBe(204);
  });

  it("refuses an unknown function with ResourceNotFoundException", async () => {
    await expect(invoke("bourse-test-Nope", {}, "Event")).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(invoke("constructor", {}, "Event")).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
