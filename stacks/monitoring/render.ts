/** `tsx stacks/monitoring/render.ts`: rewrites rules.yml and dashboard.json from alerts.ts and panels.ts. */
import { writeFileSync } from "node:fs";
import { renderRules } from "./alerts";
import { renderDashboard } from "./panels";

writeFileSync(new URL("./rules.yml", import.meta.url), renderRules());
writeFileSync(new URL("./dashboard.json", import.meta.url), renderDashboard());
