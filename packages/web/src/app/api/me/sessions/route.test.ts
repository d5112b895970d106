import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/auth/login/route";
import { POST as signup } from "@/app/api/auth/signup/route";
import { GET as me } from "@/app/api/me/route";
import { Client, unique } from "@/server/auth.testing";
import { DELETE } from "./[id]/route";
import { GET, POST } from "./route";

type Item = { id: string; current: boolean; userAgent: string | null };

async function twoDevices() {
  const who = unique("ss");
  const laptop = new Client();
  const phone = new Client();
  expect((await laptop.send(signup, "/api/auth/signup", { body: who })).status).toBe(201);
  expect(
    (await phone.send(login, "/api/auth/login", { body: who, headers: { "user-agent": "Phone" } })).status,
  ).toBe(200);
  return { laptop, phone };
}

const list = async (client: Client): Promise<Item[]> =>
  (await (await client.send(GET, "/api/me/sessions")).json()).items;
const remove = (client: Client, id: string, options = {}) =>
  client.send(DELETE, `/api/me/sessions/${id}`, { method: "DELETE", params: { id }, ...options });

describe("/api/me/sessions", () => {
  it("lists the caller's sessions, marking this device", async () => {
    const { laptop } = await twoDevices();
    const items = await list(laptop);
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    expect(items.find((s) => !s.current)?.userAgent).toBe("Phone");
  });

  it("DELETE signs the other device out (204)", async () => {
    const { laptop, phone } = await twoDevices();
    const other = (await list(laptop)).find((s) => !s.current);
    const response = await remove(laptop, other?.id ?? "");
    expect(response.status).toBe(204);
    expect((await phone.send(me, "/api/me")).status).toBe(401);
    expect((await laptop.send(me, "/api/me")).status).toBe(200);
    expect(await list(laptop)).toHaveLength(1);
  });

  it("DELETE of another user's session is a 404 and leaves it alone (no IDOR)", async () => {
    const victim = await twoDevices();
    const attacker = await twoDevices();
    const target = (await list(victim.laptop)).find((s) => s.current);
    const response = await remove(attacker.laptop, target?.id ?? "");
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
    expect((await victim.laptop.send(me, "/api/me")).status).toBe(200);
    expect((await remove(attacker.laptop, "01NOSUCHSESSION00000000000")).status).toBe(404);
  });

  it("is 401 without a session, 403 cross-site, 405 to other methods", async () => {
    expect((await new Client().send(GET, "/api/me/sessions")).status).toBe(401);
    const { laptop } = await twoDevices();
    const other = (await list(laptop)).find((s) => !s.current);
    expect((await remove(laptop, other?.id ?? "", { origin: "https://evil.example" })).status).toBe(403);
    expect((await laptop.send(POST, "/api/me/sessions", { method: "POST" })).status).toBe(405);
  });
});
