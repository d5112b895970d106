import * as Actor from "@bourse/core/actor";
import * as Auth from "@bourse/core/auth";
import * as Session from "@bourse/core/auth/session";
import { describe, expect, it } from "vitest";
import { publicUrlOf } from "@/server/auth.testing";
import { GET, POST } from "./route";

const none = { params: Promise.resolve({}) };

/**
 * A signed-up member. Requests carry its bearer token; they also run inside its actor, which the route
 * wrapper replaces with the one it resolves from the token when it resolves actors.
 */
async function member() {
  const tail = crypto.randomUUID().replaceAll("-", "").slice(0, 16);
  const tokens = await Auth.signup(
    {
      email: `up.${tail}@example.com`,
      handle: `up_${tail}`,
      displayName: "Uploader",
      password: "correct horse battery staple",
    },
    { ip: `test-ip-${tail}` },
  );
  const actor = await Session.authenticate(tokens.accessToken);
  return { actor, authorization: `Bearer ${tokens.accessToken}` };
}

function create(body: unknown, as?: { actor: Actor.Info; authorization: string }) {
  const req = new Request("http://localhost/api/uploads", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: "http://localhost",
      ...(as ? { authorization: as.authorization } : {}),
    },
    body: JSON.stringify(body),
  });
  return as ? Actor.provide(as.actor, () => POST(req, none)) : POST(req, none);
}

/** The app's origin, the one the platform's bucket CORS allows (as the Router's on AWS). */
const APP_ORIGIN = new URL(publicUrlOf()).origin;

async function sendFile(
  presigned: { url: string; fields: Record<string, string> },
  bytes: Uint8Array,
  contentType?: string,
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(presigned.fields))
    form.append(name, name === "Content-Type" && contentType ? contentType : value);
  form.append("file", new Blob([bytes as Uint8Array<ArrayBuffer>]), "photo");
  return fetch(presigned.url, { method: "POST", body: form, headers: { origin: APP_ORIGIN } });
}

describe("POST /api/uploads (on the local platform)", () => {
  it("answers 201 with a presigned POST that the storage honours, and only as specified", async () => {
    const caller = await member();
    const response = await create({ purpose: "post", contentType: "image/webp", size: 2048 }, caller);
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toEqual({
      url: expect.stringMatching(/^https?:\/\//),
      fields: expect.objectContaining({
        key: body.key,
        "Content-Type": "image/webp",
        Policy: expect.any(String),
      }),
      key: expect.stringMatching(/^uploads\/[0-9A-Z]+\/[0-9A-Z]{26}\.webp$/),
      expiresAt: expect.any(Number),
    });

    const webp = new Uint8Array(2048);
    webp.set(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "));
    const refused = await sendFile(body, webp, "image/svg+xml");
    expect(refused.status).toBe(403);
    // Only the app's origin is granted, even on a refusal the page must be able to read.
    expect(refused.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    const tooLarge = await sendFile(body, new Uint8Array(2049));
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.text()).toContain("<Code>EntityTooLarge</Code>");
    expect((await sendFile(body, webp)).status).toBe(204);
  });

  it("refuses more than 10 MB with 413 and other types with 400", async () => {
    const caller = await member();
    const large = await create(
      { purpose: "post", contentType: "image/png", size: 10 * 1024 * 1024 + 1 },
      caller,
    );
    expect(large.status).toBe(413);
    expect((await large.json()).error.code).toBe("payload_too_large");

    const svg = await create({ purpose: "post", contentType: "image/svg+xml", size: 10 }, caller);
    expect(svg.status).toBe(400);
    const { error } = await svg.json();
    expect(error.code).toBe("validation_failed");
    expect(error.details.map((d: { path: string }) => d.path)).toEqual(["contentType"]);

    const purpose = await create({ purpose: "banner", contentType: "image/png", size: 10 }, caller);
    expect(purpose.status).toBe(400);
  });

  it("needs a signed-in member", async () => {
    const anonymous = await create({ purpose: "post", contentType: "image/png", size: 10 });
    expect(anonymous.status).toBe(401);
    const visitor = await Auth.anonymous({ ip: `test-ip-${crypto.randomUUID()}` });
    const actor = await Session.authenticate(visitor.accessToken);
    expect(actor.type).toBe("anonymous");
    const guest = await create(
      { purpose: "post", contentType: "image/png", size: 10 },
      { actor, authorization: `Bearer ${visitor.accessToken}` },
    );
    expect(guest.status).toBe(403);
  });

  it("answers 405 to other methods", async () => {
    const response = await GET(new Request("http://localhost/api/uploads"), none);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});
