/**
 * The status page's traffic run: the generator (./generator.ts, the one `pnpm traffic` runs) inside this
 * server process, one run at a time, against the app's own public origin. That origin is BOURSE_PUBLIC_URL
 * (never a request header) and it must be a loopback address: on AWS it is the CloudFront URL, so there the
 * run is refused — the generator is a local tool (only loopback addresses may be targets of any traffic, and
 * a deployed stage's data and bill are not a test bench). Administrators only (core: `User.assertAdmin`).
 * Bounded: at most 10 minutes and 50 requests a second here (the server serves its own load on the same
 * cores), and the generator's own request cap; it stops by itself, or when an administrator stops it.
 */
import { ConflictError } from "@bourse/core/error";
import * as User from "@bourse/core/user";
import * as z from "zod";
import { publicUrl } from "../auth";
import { isLoopback, Report, runTraffic } from "./generator";

export const MAX_MINUTES = 10;
export const MAX_RPS = 50;

export const Input = z
  .object({
    minutes: z.number().positive().max(MAX_MINUTES).default(1),
    rps: z.number().int().min(1).max(MAX_RPS).default(10),
  })
  .strict();
export type Input = z.input<typeof Input>;

export const Progress = z.object({
  running: z.boolean(),
  target: z.string().describe("the app's own loopback origin"),
  minutes: z.number(),
  rps: z.number(),
  startedAt: z.number().describe("epoch milliseconds"),
  endsAt: z.number().describe("when it stops by itself at the latest"),
  remainingMs: z.number(),
  stoppedBy: z.enum(["itself", "admin"]).nullable().describe("null while running"),
  report: Report.nullable().describe("the figures so far (null before the first second)"),
  error: z.string().nullable().describe("why the run ended early, if it failed"),
});
export type Progress = z.infer<typeof Progress>;

interface State {
  progress: Progress;
  stop: AbortController;
  done: Promise<void>;
}

// One per process, shared by every route bundle (and kept across dev reloads), as the metrics are.
const store = globalThis as { __bourseTraffic?: State };

function view(state: State | undefined): Progress | null {
  if (!state) return null;
  const { progress } = state;
  return { ...progress, remainingMs: progress.running ? Math.max(0, progress.endsAt - Date.now()) : 0 };
}

/** The loopback origin this app serves on, or why there is none. */
function target(): string {
  const url = publicUrl();
  if (!url || !isLoopback(url))
    throw new ConflictError(
      "not_local",
      "The traffic generator is a local tool: this deployment's public URL is not a loopback address",
    );
  return url.origin;
}

/** Starts a run (administrators); another one still running is a conflict. */
export async function start(input: z.output<typeof Input>): Promise<Progress> {
  await User.assertAdmin();
  const baseUrl = target();
  if (store.__bourseTraffic?.progress.running)
    throw new ConflictError("traffic_running", "A traffic run is going on: stop it or wait for its end");
  const startedAt = Date.now();
  const progress: Progress = {
    running: true,
    target: baseUrl,
    minutes: input.minutes,
    rps: input.rps,
    startedAt,
    endsAt: startedAt + input.minutes * 60_000,
    remainingMs: input.minutes * 60_000,
    stoppedBy: null,
    report: null,
    error: null,
  };
  const stop = new AbortController();
  const done = runTraffic({
    baseUrl,
    minutes: input.minutes,
    rps: input.rps,
    seed: startedAt % 1_000_000,
    signal: stop.signal,
    onProgress: (report) => {
      progress.report = report;
    },
  })
    .then((report) => {
      progress.report = report;
    })
    .catch((error: unknown) => {
      progress.error = error instanceof Error ? error.message : String(error);
    })
    .finally(() => {
      progress.running = false;
      progress.stoppedBy = stop.signal.aborted ? "admin" : "itself";
    });
  store.__bourseTraffic = { progress, stop, done };
  return view(store.__bourseTraffic) as Progress;
}

/** The current or last run (administrators); null before the first. */
export async function current(): Promise<Progress | null> {
  await User.assertAdmin();
  return view(store.__bourseTraffic);
}

/** Stops the run going on, once its requests in flight have answered (administrators). */
export async function stop(): Promise<Progress | null> {
  await User.assertAdmin();
  const state = store.__bourseTraffic;
  if (state?.progress.running) {
    state.stop.abort();
    await state.done;
  }
  return view(state);
}
