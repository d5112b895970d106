import { Actor } from "@bourse/core/actor";
import { Upload } from "@bourse/core/upload";
import { describe, expect, it } from "vitest";
import { GET, POST } from "./route";

const get = (...key: string[]) =>
  GET(new Request(`http://localhost/api/media/${key.join("/")}`), { params: Promise.resolve({ key }) });

describe("GET /api/media/[...key] (on the local platform)", () => {
  it("redirects an upload key to a presigned GET that serves the image, cacheable for a few minutes", async () => {
    const userID = `U${crypto.randomUUID().replaceAll("-", "").slice(0, 20).toUpperCase()}`;
    const gif = new Uint8Array(40);
    gif.set(new TextEncoder().encode("GIF89a"));
    const key = await Actor.provide({ type: "user", properties: { userID, sessionID: "s" } }, async () => {
      const presigned = await Upload.create({ purpose: "post", contentType: "image/gif", size: gif.length });
      const form = new FormData();
      for (const [name, value] of Object.entries(presigned.fields)) form.append(name, value);
      form.append("file", new Blob([gif]), "a.gif");
      expect((await fetch(presigned.url, { method: "POST", body: form })).status).toBe(204);
      return presigned.key;
    });

    const response = await get(...key.split("/"));
    expect(response.status).toBe(302);
    expect(response.headers.get("cache-control")).toBe("private, max-age=300");
    const location = response.headers.get("location");
    expect(location).toContain("X-Amz-Signature=");
    // Stable within its window: the same image gets the same address, so browsers cache it.
    expect((await get(...key.split("/"))).headers.get("location")).toBe(location);

    const served = await fetch(location!);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/gif");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(gif);
  });

  it("serves nothing but upload keys", async () => {
    for (const key of [
      ["inputs", "prices.json"],
      ["uploads", "..", "secrets.txt"],
      ["uploads", "x.png"],
    ]) {
      const response = await get(...key);
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe("not_found");
    }
  });

  it("answers 405 to other methods", async () => {
    const response = await POST(new Request("http://localhost/api/media/uploads/x.png", { method: "POST" }), {
      params: Promise.resolve({ key: ["uploads", "x.png"] }),
    });
    expect(response.status).toBe(405);
  });
});
