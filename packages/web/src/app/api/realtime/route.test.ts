import { connect } from "@bourse/core/realtime/testing";
import { Resource } from "sst";
import { describe, expect, it } from "vitest";
import { POST as signup } from "@/app/api/auth/signup/route";
import { Client, unique } from "@/server/auth.testing";
import { GET } from "./route";

describe("GET /api/realtime", () => {
  it("refuses a caller without a session (401)", async () => {
    const response = await new Client().send(GET, "/api/realtime", { cookies: false });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("unauthorized");
  });

  it("gives a signed-in browser the socket's URL and a ticket that opens it as them", async () => {
    const client = new Client();
    const created = await client.send(signup, "/api/auth/signup", { body: unique("rt") });
    const { user } = (await created.json()) as { user: { id: string } };
    const response = await client.send(GET, "/api/realtime");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const body = (await response.json()) as { url: string; ticket: string; expiresIn: number };
    expect(body.url).toBe(Resource.Realtime.url);
    const socket = await connect({ ticket: body.ticket });
    try {
      expect(await socket.subscribe([`notifications:${user.id}`])).toMatchObject({ type: "subscribed" });
    } finally {
      socket.close();
    }
  });
});
