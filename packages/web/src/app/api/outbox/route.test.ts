import { describe, expect, it } from "vitest";
import { GET, POST } from "./route";

const none = { params: Promise.resolve({}) };

const send = (body: unknown) =>
  POST(
    new Request("http://localhost/api/outbox", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    none,
  );

describe("/api/outbox (on the local platform)", () => {
  it("queues a sample message with 202 and lists it newest first", async () => {
    const subject = `route test ${Date.now()}`;
    const sent = await send({ to: "reader@example.com", subject, text: "Hello" });
    expect(sent.status).toBe(202);
    const email = await sent.json();
    expect(email).toMatchObject({ to: ["reader@example.com"], subject, status: "queued" });

    const listed = await GET(new Request("http://localhost/api/outbox?limit=10"), none);
    expect(listed.status).toBe(200);
    const page = await listed.json();
    expect(page.items.map((m: { id: string }) => m.id)).toContain(email.id);
    expect(page).toHaveProperty("cursor");
  });

  it("accepts only reserved domains", async () => {
    for (const to of ["a@example.org", "a@mail.example.net", "a@bourse.test"])
      expect((await send({ to, subject: "s", text: "t" })).status).toBe(202);
    for (const to of ["a@gmail.com", "a@example.com.evil.org", "a@notexample.com", "a@test"]) {
      const refused = await send({ to, subject: "s", text: "t" });
      expect(refused.status).toBe(400);
      expect((await refused.json()).error.details[0].path).toBe("to");
    }
  });

  it("refuses a malformed cursor with 400", async () => {
    const response = await GET(new Request("http://localhost/api/outbox?cursor=%25%25"), none);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe("validation_failed");
  });
});
