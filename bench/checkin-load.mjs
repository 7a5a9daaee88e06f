/**
 * The load for bench/checkin.ts, in a process of its own so that autocannon does not share a
 * process (or an event loop) with the seeding and signing. Reads a plan (JSON file named by the
 * first argument): the target, the headers, the pre-signed request bodies and the phases, each
 * phase taking its codes from its own slice of the bodies (cycling when they run out). Prints
 * one JSON object: per phase the scans sent and answered, latencies, answers and autocannon's
 * error counts; overall, every code answered "welcome" and every code sent but left unanswered
 * when a phase ended (the server may still have recorded those).
 *
 * Each answer is checked as it comes: a code's first scan must answer "welcome", every later
 * scan of it "already". Latencies are measured here (hrtime from the request's build to its
 * answer, which autocannon does in the same tick) rather than by autocannon, whose histogram
 * keeps whole milliseconds and, under a rate limit, adds samples for coordinated omission.
 */
import fs from "node:fs";
import autocannon from "autocannon";

const plan = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const bodies = plan.bodies.map((body) => Buffer.from(body));
const sent = new Uint32Array(bodies.length);
const welcomed = new Uint8Array(bodies.length);
const unanswered = new Uint8Array(bodies.length);
const failures = [];
const MAX_FAILURES_LISTED = 20;
let failureCount = 0;

function fail(message) {
  failureCount++;
  if (failures.length < MAX_FAILURES_LISTED) failures.push(message);
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : Number.NaN;
}

async function runPhase(phase) {
  const { start, end } = phase.codes;
  let next = 0;
  let answered = 0;
  let repeats = 0;
  const results = {};
  const statuses = {};
  const latencies = [];
  // Requests built and sent but not answered yet: those still here when the phase ends were cut
  // off with their connection (the server may have recorded them or not).
  const pending = new Set();

  const instance = autocannon({
    url: plan.origin,
    connections: phase.connections,
    ...(phase.amount ? { amount: phase.amount } : { duration: phase.duration }),
    ...(phase.overallRate ? { overallRate: phase.overallRate } : {}),
    headers: plan.headers,
    timeout: 10,
    requests: [
      {
        method: "POST",
        path: plan.path,
        setupRequest(request, context) {
          const index = start + (next++ % (end - start));
          context.index = index;
          context.nth = sent[index]++;
          context.startedAt = process.hrtime.bigint();
          if (context.nth > 0) repeats++;
          pending.add(context);
          return { ...request, body: bodies[index] };
        },
        onResponse(status, body, context) {
          latencies.push(Number(process.hrtime.bigint() - context.startedAt) / 1e6);
          pending.delete(context);
          answered++;
          statuses[status] = (statuses[status] ?? 0) + 1;
          let result = "unreadable";
          try {
            result = JSON.parse(body).result ?? "none";
          } catch {
            // counted as "unreadable" below
          }
          results[result] = (results[result] ?? 0) + 1;
          const expected = context.nth === 0 ? "welcome" : "already";
          if (result === "welcome") welcomed[context.index] = 1;
          if (status !== 200 || result !== expected) {
            fail(`${phase.name}: code #${context.index}, scan ${context.nth + 1}: HTTP ${status} "${result}", expected "${expected}"${status !== 200 ? `: ${body.slice(0, 200)}` : ""}`);
          }
        },
      },
    ],
  });
  const result = await instance;
  for (const context of pending) unanswered[context.index] = 1;
  latencies.sort((a, b) => a - b);
  return {
    name: phase.name,
    connections: phase.connections,
    seconds: result.duration,
    sent: next,
    answered,
    repeats,
    answeredPerSecond: answered / result.duration,
    latencyMs: { p50: percentile(latencies, 50), p90: percentile(latencies, 90), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN },
    results,
    statuses,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

const phases = [];
for (const phase of plan.phases) phases.push(await runPhase(phase));
const indices = (flags) => flags.reduce((list, flag, index) => (flag ? (list.push(index), list) : list), []);
process.stdout.write(JSON.stringify({ phases, welcomed: indices(welcomed), unanswered: indices(unanswered), failures, failureCount }));
