/**
 * The organizer's pages at a real size, on the PostgreSQL server: an event with 10,000 invitees,
 * half of them attending (tickets, 1,000 arrived), and an outbox of 10,000 messages. Starts the
 * built server (building it when missing), signs in, fetches each page 5 times one at a time
 * asking for gzip or br as a browser does, and prints one line per page
 *   page=<name> p50_ms=… ttfb_ms=… bytes=… wire_bytes=… nul_bytes=…
 * (bytes: the body as read; wire_bytes: as sent, compressed when the server compresses;
 * nul_bytes: NUL bytes in the page, which must be 0; .xlsx files are zip and not counted), then
 *   slowest_page_ms=… largest_list_wire_kb=…
 * Usage: npm run -s bench:pages   (BENCH_DATABASE_URL, default the local server; it makes and
 * drops a database of its own, kept with BENCH_KEEP_DATABASE=1)
 */
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { sql } from "kysely";
import pg from "pg";
import { createEvent, eventFormSchema } from "../app/domain/events/events.server";
import { addInvitees, inviteeFormSchema } from "../app/domain/invitations/invitations.server";
import { createOrganizer } from "../app/domain/accounts/organizers.server";
import { TICKET_CODE_ALPHABET } from "../app/domain/rsvp/ticket-payload";
import { generateAppKey, useAppKey } from "../app/lib/app-key.server";
import { openServerDatabase } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { sampleEventForm } from "../tests/helpers/fixtures";

const INVITEES = 10_000;
const RUNS = 5;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

// Built every time: a build left from older code would measure that code.
if (!process.env.BENCH_SKIP_BUILD) {
  execFileSync("npx", ["remix", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
}

async function onAdmin(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

const databaseName = `nanum_bench_pages_${crypto.randomBytes(4).toString("hex")}`;
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
await onAdmin(`create database "${databaseName}"`);

const password = "bench password 1";
// The seeding and the server seal and open the stored keys with the same APP_KEY.
const appKey = generateAppKey("APP_KEY");
const email = "pages@example.org";
let eventId: number;
{
  const handle = await openServerDatabase(databaseUrl, { max: 4 });
  const db = handle.db;
  useAppKey(db, appKey.key);
  await migrateToLatest(db);
  const owner = await createOrganizer(db, { email, name: "Bench", password });
  ({ id: eventId } = await createEvent(db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: "bench-pages", capacity: "" })), { status: "published" }));
  const surnames = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"];
  const given = ["민지", "서준", "하은", "도윤", "지우", "예준", "서연", "시우", "수아", "주원"];
  const ids: number[] = [];
  for (let start = 0; start < INVITEES; start += 1_000) {
    const forms = Array.from({ length: 1_000 }, (_, j) => {
      const i = start + j;
      return inviteeFormSchema.parse({
        name: `${surnames[i % 10]}${given[Math.floor(i / 10) % 10]}${i}`,
        email: `guest${i}@example.org`,
        phone: `010-${String(1000 + (i % 9000)).padStart(4, "0")}-${String(i).padStart(4, "0")}`,
        organization: `파주시 교육기관 ${i % 40}`,
        position: "주무관",
        groupName: ["교육발전위원회", "내빈", "학부모", "학생", "공무원"][i % 5],
        language: i % 10 === 0 ? "en" : "ko",
        notes: "",
      });
    });
    ids.push(...(await addInvitees(db, eventId, forms)));
  }
  const attending = ids.filter((_, i) => i % 2 === 0);
  for (let start = 0; start < attending.length; start += 1_000) {
    const chunk = attending.slice(start, start + 1_000);
    await db
      .insertInto("rsvps")
      .values(chunk.map((id) => ({ invitee_id: id, event_id: eventId, status: "attending" as const, consent_at: new Date(), consent_text: "동의", answers: "{}" })))
      .execute();
    await db
      .insertInto("tickets")
      .values(chunk.map((id) => ({ event_id: eventId, invitee_id: id, code: Array.from(crypto.randomBytes(8), (b) => TICKET_CODE_ALPHABET[b % TICKET_CODE_ALPHABET.length]).join("") })))
      .execute();
  }
  const tickets = await db.selectFrom("tickets").select(["id", "invitee_id"]).where("event_id", "=", eventId).orderBy("id").limit(1_000).execute();
  await db
    .insertInto("checkins")
    .values(tickets.map((t, i) => ({ event_id: eventId, invitee_id: t.invitee_id, ticket_id: t.id, method: "scan" as const, entrance: i % 2 ? "정문" : "후문" })))
    .execute();
  for (let start = 0; start < INVITEES; start += 1_000) {
    await db
      .insertInto("email_outbox")
      .values(
        ids.slice(start, start + 1_000).map((id, j) => ({
          event_id: eventId,
          invitee_id: id,
          kind: "invitation",
          to_address: `guest${start + j}@example.org`,
          to_name: `손님${start + j}`,
          subject: "[초대] 2026 파주시 교육발전특구 성과공유회",
          text_body: "초대합니다.",
          html_body: "<p>초대합니다.</p>",
          message_id: `<bench.${start + j}@example.org>`,
          status: (j % 50 === 0 ? "failed" : "sent") as "failed" | "sent",
          finished_at: new Date(),
        })),
      )
      .execute();
  }
  // What autovacuum does within a minute of a bulk load: without statistics the planner takes
  // 10,000 rows for 57 and joins check-ins by nested loop (arrivals: 1.3 s instead of 18 ms).
  await sql`analyze`.execute(db);
  await handle.close();
}

const port = await new Promise<number>((resolve) => {
  const probe = net.createServer().listen(0, "127.0.0.1", () => {
    const { port: free } = probe.address() as net.AddressInfo;
    probe.close(() => resolve(free));
  });
});
const origin = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nanum-bench-pages-"));
// BENCH_PROFILE=<dir> writes the server's CPU profile there when it stops.
const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : [];
const server = spawn(process.execPath, [...profile, "build/index.js"], {
  cwd: root,
  env: {
    ...process.env,
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
    APP_KEY: appKey.text,
    SMTP_URL: "",
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: "",
    NODE_ENV: "production",
  },
  stdio: ["ignore", "ignore", "inherit"],
});

interface Fetched {
  status: number;
  headers: http.IncomingHttpHeaders;
  ttfbMs: number;
  totalMs: number;
  wireBytes: number;
  body: Buffer;
}

/** One request as a browser sends it (Accept-Encoding included); the body is counted as it arrives, then decoded. */
function fetchRaw(method: "GET" | "POST", target: string, headers: Record<string, string> = {}, body?: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(`${origin}${target}`, { method, headers: { "Accept-Encoding": "gzip, br", "Accept-Language": "ko-KR,ko;q=0.9", ...headers } }, (res) => {
      const ttfbMs = performance.now() - started;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const wire = Buffer.concat(chunks);
        const encoding = res.headers["content-encoding"];
        const decoded = encoding === "gzip" ? zlib.gunzipSync(wire) : encoding === "br" ? zlib.brotliDecompressSync(wire) : wire;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, ttfbMs, totalMs: performance.now() - started, wireBytes: wire.length, body: decoded });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetchRaw("GET", "/healthz")).status === 200) break;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error("the server did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const form = new URLSearchParams({ email, password, redirectTo: "/admin" }).toString();
  const login = await fetchRaw("POST", "/login", { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(Buffer.byteLength(form)), Origin: origin }, form);
  const cookie = (login.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).find((c) => c?.includes("nanum_session"));
  if (login.status !== 302 || !cookie) throw new Error(`login failed: ${login.status}`);

  const base = `/admin/events/${eventId}`;
  const pages: Array<[name: string, target: string]> = [
    ["event", base],
    ["invitees", `${base}/invitees`],
    ["invitees_search", `${base}/invitees?q=${encodeURIComponent("김민지")}`],
    ["attendees", `${base}/attendees`],
    ["arrivals", `${base}/arrivals`],
    ["outbox", `${base}/outbox`],
    ["invitees_csv", `${base}/invitees/export?format=csv`],
    ["invitees_xlsx", `${base}/invitees/export?format=xlsx`],
    ["attendees_xlsx", `${base}/attendees/export?format=xlsx`],
    ["sign_in_sheet", `${base}/attendees/sign-in-sheet`],
    ["badges", `${base}/attendees/badges`],
    ["letters", `${base}/invitees/letters`],
  ];
  const listPages = new Set(["invitees", "invitees_search", "attendees", "outbox"]);
  let slowest = 0;
  let largestListWire = 0;
  // BENCH_PAGES=letters,badges measures only those (for a closer look at one page).
  const only = process.env.BENCH_PAGES?.split(",");
  for (const [name, target] of pages.filter(([name]) => !only || only.includes(name))) {
    await fetchRaw("GET", target, { Cookie: cookie }); // warm-up: first render, JIT, plans
    const runs: Fetched[] = [];
    for (let i = 0; i < RUNS; i++) {
      const fetched = await fetchRaw("GET", target, { Cookie: cookie });
      if (fetched.status !== 200) throw new Error(`${name} answered ${fetched.status}`);
      runs.push(fetched);
    }
    const median = <T>(values: T[], by: (value: T) => number) => values.map(by).sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const p50 = median(runs, (r) => r.totalMs);
    const wire = median(runs, (r) => r.wireBytes);
    slowest = Math.max(slowest, p50);
    if (listPages.has(name)) largestListWire = Math.max(largestListWire, wire);
    // A NUL byte in a page corrupts form values (React 18's stream writer once padded with them).
    const nulBytes = runs[0]!.body.reduce((count, byte) => count + (byte === 0 && !name.endsWith("_xlsx") ? 1 : 0), 0);
    console.log(`page=${name} p50_ms=${p50.toFixed(0)} ttfb_ms=${median(runs, (r) => r.ttfbMs).toFixed(0)} bytes=${median(runs, (r) => r.body.length)} wire_bytes=${wire} nul_bytes=${nulBytes}`);
  }
  console.log(`slowest_page_ms=${slowest.toFixed(0)} largest_list_wire_kb=${(largestListWire / 1024).toFixed(0)}`);
} finally {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
  // BENCH_KEEP_DATABASE=1 leaves the seeded database for a closer look (EXPLAIN ANALYZE …).
  if (process.env.BENCH_KEEP_DATABASE) console.error(`kept: ${databaseUrl}`);
  else await onAdmin(`drop database if exists "${databaseName}" with (force)`);
}
