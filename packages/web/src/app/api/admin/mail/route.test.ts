import * as Actor from "@bourse/core/actor";
import * as User from "@bourse/core/user";
import { describe, expect, it } from "vitest";
import { Client, member } from "@/server/auth.testing";
import { GET } from "./route";

describe("/api/admin/mail", () => {
  it("counts the mail queue by status for admins only (401, 403 otherwise)", async () => {
    expect((await new Client().send(GET, "/api/admin/mail")).status).toBe(401);
    const someone = await member("mq");
    expect((await new Client().send(GET, "/api/admin/mail", { headers: someone.bearer })).status).toBe(403);

    const ops = await member("mqa");
    await Actor.system("test", () => User.setRole(ops.tokens.user.id, "admin"));
    const answer = await new Client().send(GET, "/api/admin/mail", { headers: ops.bearer });
    expect(answer.status).toBe(200);
    const body = await answer.json();
    for (const status of ["queued", "sending", "retrying", "sent", "dead", "failed"])
      expect(body.counts[status]).toEqual(expect.any(Number));
    expect(body.dead).toEqual(expect.any(Array));
  });
});
