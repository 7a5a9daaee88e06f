/**
 * The guest's page under load, on the embedded database, as a phone on the venue's network sees it.
 * Seeds an event with 1,000 invitees, starts the built server (`npm run build` first), and prints
 *   rsvp_page_p50_ms=… rsvp_page_p99_ms=… pages_per_second=… answers_per_second=…
 * p50/p99: one request at a time on loopback (500 pages, each a different invitee);
 * pages and answers per second: 50 concurrent clients for a few seconds each.
 * Usage: npm run bench:rsvp [-- <seconds per load phase, default 5>]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createEvent, eventFormSchema } from "../app/domain/events/events.server";
import { addInvitees, inviteeFormSchema, personalLinkMaker } from "../app/domain/invitations/invitations.server";
import { createOrganizer } from "../app/domain/accounts/organizers.server";
import { localeCookie } from "../app/web/locale.server";
import { secureStoredKeys } from "../app/domain/stored-keys.server";
import { embeddedAppKey } from "../app/lib/env.server";
import { openEmbeddedDatabase } from "../db/connect";
import { sampleEventForm } from "../tests/helpers/fixtures";

const INVITEES = 1_000;
const CONCURRENCY = 50;
const seconds = Number(process.argv[2] ?? 5);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
if (!fs.existsSync(path.join(root, "build", "index.js"))) throw new Error("Build the app first: npm run build");

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nanum-bench-rsvp-"));
const port = await new Promise<number>((resolve) => {
  const probe = net.createServer().listen(0, () => {
    const { port: free } = probe.address() as net.AddressInfo;
    probe.close(() => resolve(free));
  });
});
const origin = `http://127.0.0.1:${port}`;

// Seed with the app's own domain functions, then hand the data folder to the server.
// The server takes the same APP_KEY from the folder (APP_KEY is blanked in its environment below).
const seeded = await openEmbeddedDatabase(dataDir, { holder: "bench:rsvp", onOpen: (db) => secureStoredKeys(db, embeddedAppKey(dataDir)) });
const owner = await createOrganizer(seeded.db, { email: "bench@example.org", name: "Bench", password: "bench password 1" });
const { id: eventId } = await createEvent(seeded.db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "bench", capacity: "" })), { status: "published" });
await seeded.db.insertInto("rsvp_questions").values({ event_id: eventId, position: 1, kind: "yesno", label_ko: "주차가 필요하십니까?", label_en: "Parking?", required: true }).execute();
const ids = await addInvitees(
  seeded.db,
  eventId,
  Array.from({ length: INVITEES }, (_, i) =>
    inviteeFormSchema.parse({ name: `손님${i}`, email: `bench${i}@example.org`, phone: "", organization: "벤치마크기관", position: "", groupName: `그룹${i % 7}`, language: "ko", notes: "" }),
  ),
);
const link = await personalLinkMaker(seeded.db, "");
const paths = ids.map((id) => link({ id, link_version: 1 }));
const questionId = (await seeded.db.selectFrom("rsvp_questions").select("id").executeTakeFirstOrThrow()).id;
await seeded.close();

// BENCH_PROFILE=<dir> writes the server's CPU profile there (open it in Chrome's DevTools).
const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
const server = spawn(process.execPath, [...profile, "build/index.js"], {
  cwd: root,
  env: { ...process.env, DATABASE_URL: "", APP_KEY: "", SMTP_URL: "", DATA_DIR: dataDir, PORT: String(port), NODE_ENV: "production" },
  stdio: ["ignore", "ignore", "inherit"],
});
const cookie = (await localeCookie.serialize("ko")).split(";")[0]!;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function request(method: "GET" | "POST", target: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${origin}${target}`,
      {
        method,
        agent,
        headers: {
          Cookie: cookie,
          "Accept-Language": "ko-KR",
          ...(body ? { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body), Origin: origin } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

for (let i = 0; ; i++) {
  try {
    if ((await request("GET", "/healthz")) === 200) break;
  } catch {
    // not listening yet
  }
  if (i > 300) throw new Error("the server did not start");
  await new Promise((resolve) => setTimeout(resolve, 100));
}

// Warm up (first renders, JIT), then one at a time.
for (let i = 0; i < 50; i++) await request("GET", paths[i]!);
const latencies: number[] = [];
for (let i = 0; i < 500; i++) {
  const started = performance.now();
  const status = await request("GET", paths[i % paths.length]!);
  latencies.push(performance.now() - started);
  if (status !== 200) throw new Error(`page answered ${status}`);
}
latencies.sort((a, b) => a - b);
const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;

/** `CONCURRENCY` clients doing `work` back to back for `seconds`; returns completed requests per second. */
async function load(work: (n: number) => Promise<number>, expected: number): Promise<number> {
  let next = 0;
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const status = await work(next++);
        if (status !== expected) throw new Error(`answered ${status}, expected ${expected}`);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

const pagesPerSecond = await load((n) => request("GET", paths[n % paths.length]!), 200);
// Each answer takes a place under the event's lock, issues a ticket and queues its email.
const answersPerSecond = await load(
  (n) => request("POST", paths[n % paths.length]!, `intent=answer&answer=${n % 5 === 4 ? "declined" : "attending"}&consent=on&q${questionId}=${n % 2 ? "yes" : "no"}`),
  302,
);

console.log(
  `rsvp_page_p50_ms=${percentile(50).toFixed(2)} rsvp_page_p99_ms=${percentile(99).toFixed(2)} pages_per_second=${pagesPerSecond.toFixed(0)} answers_per_second=${answersPerSecond.toFixed(0)}`,
);
agent.destroy();
server.kill("SIGTERM");
await new Promise((resolve) => server.once("exit", resolve));
fs.rmSync(dataDir, { recursive: true, force: true });
