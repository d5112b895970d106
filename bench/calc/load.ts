/**
 * The load generator of bench/calc in a process of its own, so that it does not share an event loop with
 * the servers it measures: autocannon with the options given as JSON in argv[2], the result (and this
 * process's own CPU time) as one JSON line on stdout.
 */
import autocannon from "autocannon";

const options = JSON.parse(process.argv[2] ?? "{}") as autocannon.Options;
const before = process.cpuUsage();
const result = await autocannon(options);
const cpu = process.cpuUsage(before);
process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    duration: result.duration,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  })}\n`,
);
