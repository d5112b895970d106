import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { startPrometheus } from "./prometheus";

const directory = mkdtempSync(join(tmpdir(), "bourse-prometheus-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

it("scrapes the app's /api/metrics with the scrape token, the alert rules loaded", async () => {
  const seen: (string | undefined)[] = [];
  const app = createServer((req, res) => {
    seen.push(req.headers.authorization);
    if (req.url !== "/api/metrics" || req.headers.authorization !== "Bearer s3cret") {
      res.writeHead(401).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end("# HELP bourse_up Up\n# TYPE bourse_up gauge\nbourse_up 1\n");
  });
  await new Promise<void>((done) => app.listen(0, "127.0.0.1", done));
  const target = `127.0.0.1:${(app.address() as AddressInfo).port}`;
  const prometheus = await startPrometheus({ target, token: "s3cret", directory, scrapeIntervalSeconds: 1 });
  try {
    // biome-ignore lint/suspicious/noExplicitAny: Prometheus API answers, read field by field
    const api = async (path: string): Promise<any> =>
      ((await (await fetch(`${prometheus.url}/api/v1/${path}`)).json()) as { data: unknown }).data;
    let health = "";
    // Up once its first scrape is done (Prometheus hands its scrapers their targets after ~5 s): asked
    // every 100 ms, up to 30 s, so the test ends right after that scrape.
    for (let i = 0; i < 300 && health !== "up"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      health = (await api("targets")).activeTargets[0]?.health ?? "";
    }
    expect(health).toBe("up");
    expect(seen).toContain("Bearer s3cret");
    const rules = (await api("rules")).groups.flatMap((g: { rules: { name: string }[] }) => g.rules);
    expect(rules.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(["BourseHighErrorRate", "BourseHighLatencyP95", "BourseStreamFailures"]),
    );
    const up = await api("query?query=bourse_up");
    expect(up.result[0]?.value[1]).toBe("1");
  } finally {
    await prometheus.stop();
    await new Promise((done) => app.close(done));
  }
});
