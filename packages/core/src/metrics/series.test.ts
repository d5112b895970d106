import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import * as Metrics from ".";

const { Series } = Metrics;

describe("deployment-wide series", () => {
  it("adds what every process flushed, and never goes down when minutes are folded", async () => {
    const name = `test_${ulid().toLowerCase()}_total`;
    const key = Series.seriesKey(name, { kind: "a" });
    // The minute before this one: closed, yet not the platform's metrics cron's to fold before the next
    // minute begins (counts flushed into a minute already folded are lost by design), so not too near its end.
    // Near a minute's end, wait until the next one begins (at most 15 s), not a fixed while.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute >= 45_000) await new Promise((done) => setTimeout(done, 60_000 - intoMinute + 50));
    const closed = Date.parse(`${Series.minuteOf(new Date())}:00Z`) - 60_000;
    Series.count(name, { kind: "a" }, 3, () => new Date(closed));
    Series.count(name, { kind: "a" }, 4, () => new Date(closed + 30_000));
    Series.count(name, { kind: "a" }, 5);
    await Series.flush();
    expect((await Series.cumulative()).get(key)).toBe(12);

    // A fold once the closed minute may be folded takes it, and leaves the current one open.
    const folded = await Series.fold(() => new Date(closed + 2 * 60_000 + 1000));
    expect(folded.at(-1)).toBe(Series.minuteOf(new Date(closed)));
    expect((await Series.cumulative()).get(key)).toBe(12);
    // Folding again (a replayed or concurrent cron) counts nothing twice.
    await Promise.all([Series.fold(), Series.fold()]);
    expect((await Series.cumulative()).get(key)).toBe(12);

    Series.count(name, { kind: "a" }, 1);
    await Series.flush();
    expect((await Series.cumulative()).get(key)).toBe(13);
  }, 60_000);

  it("keeps histograms cumulative per bucket, and renders them in the text format", async () => {
    const name = `test_${ulid().toLowerCase()}_seconds`;
    for (const seconds of [0.003, 0.02, 0.02, 0.7, 30]) Series.observe(name, { route: "/x" }, seconds);
    await Series.flush();
    const all = await Series.cumulative();
    const bucket = (le: string) => all.get(Series.seriesKey(`${name}_bucket`, { route: "/x", le }));
    expect([
      bucket("0.005"),
      bucket("0.025"),
      bucket("0.5"),
      bucket("1"),
      bucket("10"),
      bucket("+Inf"),
    ]).toEqual([1, 3, 3, 4, 4, 5]);
    expect(all.get(Series.seriesKey(`${name}_count`, { route: "/x" }))).toBe(5);
    expect(all.get(Series.seriesKey(`${name}_sum`, { route: "/x" }))).toBeCloseTo(30.743);

    const text = Metrics.render(
      new Map([...all].filter(([k]) => k.startsWith("bourse_http_requests_total") || k.startsWith(name))),
    );
    expect(text).toContain(`# TYPE ${name}_bucket untyped`);
    const lines = text.split("\n").filter((l) => l.startsWith(`${name}_bucket`));
    expect(lines.at(-1)).toContain('le="+Inf"');
    expect(lines[0]).toContain('le="0.005"');
  });

  it("puts the counts of a failed flush back for the next one", async () => {
    const name = `test_${ulid().toLowerCase()}_total`;
    Series.count(name, {}, 2);
    const failing = Series.flush(() => new Date(Number.NaN));
    await expect(failing).rejects.toThrow();
    await Series.flush();
    expect((await Series.cumulative()).get(name)).toBe(2);
  });

  it("escapes label values", () => {
    expect(Series.seriesKey("x_total", { b: 'say "hi"\\', a: "line\nbreak" })).toBe(
      'x_total{a="line\\nbreak",b="say \\"hi\\"\\\\"}',
    );
  });
});

describe("the status panels", () => {
  it("interpolates quantiles within buckets, as Prometheus does", () => {
    const buckets = new Map<number, number>([
      [0.005, 0],
      [0.01, 50],
      [0.025, 100],
      [Number.POSITIVE_INFINITY, 100],
    ]);
    expect(Metrics.quantile(0.5, buckets)).toBeCloseTo(0.01);
    expect(Metrics.quantile(0.75, buckets)).toBeCloseTo(0.0175);
    expect(Metrics.quantile(0.5, new Map())).toBeNull();
  });

  it("draws this minute's calculations, requests and latency from the series (administrators)", async () => {
    const { Actor } = await import("../actor");
    const { User } = await import("../user");
    const { member } = await import("../social/testing");
    const admin = await member("panels");
    await Actor.system("test", () => User.setRole(admin.id, "admin"));
    const asAdmin = <R>(run: () => R) =>
      Actor.provide({ type: "user", properties: { userID: admin.id, sessionID: "t" } }, run);
    const before = (await asAdmin(() => Metrics.panels({ minutes: 2 }))).at(-1);
    Series.count("bourse_calc_operations_total", { operation: "add", outcome: "ok" }, 7);
    Metrics.observeHttp({
      server: "t",
      part: "calc",
      method: "POST",
      route: "/x",
      status: 503,
      seconds: 0.3,
    });
    await Series.flush();
    const after = (await asAdmin(() => Metrics.panels({ minutes: 2 }))).at(-1);
    expect(after?.minute).toBe(before?.minute);
    expect((after?.calculations ?? 0) - (before?.calculations ?? 0)).toBe(7);
    expect(after?.requests).toBeGreaterThan(before?.requests ?? 0);
    expect(after?.p99).not.toBeNull();
    expect(after?.errorRate).toBeGreaterThan(0);
    await expect(Metrics.panels({ minutes: 2 })).rejects.toMatchObject({ code: "unauthorized" });
    await expect(asAdmin(async () => Metrics.panels({ minutes: 999 }))).rejects.toMatchObject({
      code: "validation_failed",
    });
  });
});
