import { describe, expect, it } from "vitest";
import { member } from "../../../web/src/server/auth.testing";

/**
 * The Calc function URL as the local platform serves it (its own port, payload 2.0 events), the handler
 * running in the platform's process as on Lambda.
 */
const base = (JSON.parse(process.env.BOURSE_FUNCTION_URLS ?? "{}") as Record<string, string>).CalcApi;

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${base}${path}`, init);
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, checked field by field
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}
const post = (body: unknown, headers: Record<string, string> = {}) =>
  call("/", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("CalcApi function URL", () => {
  it("is served locally on a port of its own", () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("calculates for anyone; without credentials nothing is stored", async () => {
    const answer = await post({ operation: "add", operands: [0.1, "0.2"] });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ operation: "add", operands: ["0.1", "0.2"], result: "0.3" });
    expect(answer.headers.get("x-request-id")).toBeTruthy();
    expect((await call("/history")).status).toBe(401);
  });

  it("keeps a member's history (bearer token), also under the Router's mount path", async () => {
    const who = await member("calcurl");
    const made = await post({ operation: "power", operands: [2, 10] }, who.bearer);
    expect(made.body.result).toBe("1024");
    const again = await call("/calc-api", {
      method: "POST",
      headers: { "content-type": "application/json", ...who.bearer },
      body: JSON.stringify({ operation: "divide", operands: [1, 4] }),
    });
    expect(again.body.result).toBe("0.25");
    const history = await call("/calc-api/history?limit=10", { headers: who.bearer });
    expect(history.status).toBe(200);
    expect(history.body.items.map((c: { result: string }) => c.result)).toEqual(["0.25", "1024"]);
    const page = await call("/history?limit=1", { headers: who.bearer });
    expect(page.body.items).toHaveLength(1);
    expect(typeof page.body.cursor).toBe("string");
  });

  it("answers every refusal as JSON with the web app's statuses and codes", async () => {
    const cases: [ReturnType<typeof call>, number, string][] = [
      [post({ operation: "divide", operands: [1, 0] }), 400, "division_by_zero"],
      [post({ operation: "power", operands: [-8, "0.5"] }), 400, "not_a_real_number"],
      [post({ operation: "power", operands: [10, 2000] }), 400, "overflow"],
      [post({ operation: "add", operands: [1] }), 400, "validation_failed"],
      [post("{nope"), 400, "invalid_json"],
      [post("\xff\xfe"), 400, "invalid_json"],
      [
        call("/", { method: "POST", headers: { "content-type": "text/plain" }, body: "1+1" }),
        415,
        "unsupported_media_type",
      ],
      [
        post({ operation: "add", operands: [1, 2] }, { authorization: "Bearer not.a.token" }),
        401,
        "invalid_token",
      ],
      [post({ operation: "add", operands: [1, 2] }, { authorization: "Basic x" }), 401, "invalid_token"],
      [call("/"), 405, "method_not_allowed"],
      [call("/nowhere"), 404, "not_found"],
      [call("/history?limit=0"), 400, "validation_failed"],
    ];
    for (const [answer, status, code] of cases) {
      const { status: got, body } = await answer;
      expect([got, body.error.code]).toEqual([status, code]);
    }
  });
});
