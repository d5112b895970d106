import * as Actor from "@bourse/core/actor";
import * as Upload from "@bourse/core/upload";
import { describe, expect, it } from "vitest";
import { type Caller, guest, type Member, member } from "@/app/api/posts/testing";
import { GET, POST } from "./route";

const userOf = (userID: string) => ({ type: "user", properties: { userID, sessionID: "s" } }) as const;

/** The route as Next calls it, with the caller's credential when given (the wrapper resolves the actor). */
const get = (key: string, as?: Caller) =>
  GET(
    new Request(`http://localhost/api/media/${key}`, {
      headers: as ? { authorization: as.authorization } : {},
    }),
    { params: Promise.resolve({ key: key.split("/") }) },
  );

const gif = (size: number, text = "") => {
  const bytes = new Uint8Array(size);
  bytes.set(new TextEncoder().encode(`GIF89a${text}`).slice(0, size));
  return bytes;
};

/** A pending upload of the member's, sent as the browser does; the form is returned to be sent again. */
async function upload(who: Member, bytes: Uint8Array) {
  const presigned = await Actor.provide(userOf(who.id), () =>
    Upload.create({ purpose: "post", contentType: "image/gif", size: bytes.length }),
  );
  const send = async (body: Uint8Array) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(presigned.fields)) form.append(name, value);
    form.append("file", new Blob([body as Uint8Array<ArrayBuffer>]), "a.gif");
    return (await fetch(presigned.url, { method: "POST", body: form })).status;
  };
  expect(await send(bytes)).toBe(204);
  return { key: presigned.key, send };
}

const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());

describe("GET /api/media/[...key] (on the local platform)", () => {
  it("serves a claimed image to anyone, with its type, inline, never sniffed, cached for good", async () => {
    const owner = await member();
    const image = gif(40);
    const { key, send } = await upload(owner, image);
    const claimed = await Actor.provide(userOf(owner.id), () => Upload.claim({ key, purpose: "post" }));

    // The still-valid form rewrites its own key only; what is served stays the claimed bytes.
    expect(await send(gif(40, "<script>alert(1)</script>"))).toBe(204);
    for (const asking of [undefined, await guest(), await member(), owner]) {
      const response = await get(claimed.key, asking);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/gif");
      expect(response.headers.get("content-disposition")).toBe("inline");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(await bytesOf(response)).toEqual(image);
    }
    // The uploads/ original is nobody's to see once claimed.
    expect((await get(key, owner)).status).toBe(404);
  });

  it("serves a pending upload to its owner only, uncached; to anyone else it does not exist", async () => {
    const owner = await member();
    const image = gif(30);
    const { key } = await upload(owner, image);

    const preview = await get(key, owner);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("x-content-type-options")).toBe("nosniff");
    expect(preview.headers.get("content-disposition")).toBe("inline");
    expect(preview.headers.get("cache-control")).toBe("private, no-store");
    expect(await bytesOf(preview)).toEqual(image);

    for (const asking of [undefined, await guest(), await member()]) {
      const response = await get(key, asking);
      expect(response.status).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect((await response.json()).error.code).toBe("not_found");
    }
  });

  it("serves nothing but media and upload keys", async () => {
    for (const key of ["inputs/prices.json", "uploads/../secrets.txt", "uploads/x.png", "media/x.png"]) {
      const response = await get(key, await member());
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
