/**
 * Check-in at the door under load, on a PostgreSQL server, as door staff's phones drive it.
 * Creates a database of its own on the server in DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), seeds an event of 10,000 attending invitees with
 * active tickets, signs every ticket's QR payload up front, starts the built server
 * (`node build/index.js`, built first when missing or older than the sources) and sends
 * `POST /checkin/<slug>/scan` as a signed-in staff member, each request a different code, from
 * autocannon in a separate process (bench/checkin-load.mjs). Prints
 *   checkins_per_second=… p50_ms=… p99_ms=… rss_mb=…
 * checkins_per_second: scans answered per second by 50 connections for 10 s (once the 8,400
 * codes of that phase are used up they come round again and must answer "already");
 * p50/p99: latency of fresh codes at 100 scans a second for 10 s (autocannon's overallRate: ten
 * connections, each sending its ten scans of every second one after another);
 * rss_mb: the server's resident memory (VmRSS) at the end. A warm-up of 500 scans comes first,
 * and those 500 codes are scanned again last, untimed (each must answer "already").
 *
 * With --floor the same load (same codes, same phases) then goes to bench/checkin-floor.mjs, a
 * bare node:http server that only verifies the signature and inserts one row, and a second line
 *   floor checkins_per_second=… p50_ms=… p99_ms=… rss_mb=…
 * follows. Details (phases, answers, database transactions per scan) go to stderr.
 *
 * Afterwards it checks that every first scan answered "welcome", every repeat "already", that
 * nothing answered other than 200, and that the database holds exactly one active check-in per
 * ticket welcomed (and none for tickets never sent); it exits 1 and says what failed otherwise.
 * The database is dropped at the end. BENCH_PROFILE=<dir> writes the servers' CPU profiles there
 * (checkin-<app|floor>-<n>.cpuprofile, numbered in the order the servers start; open them in
 * Chrome's DevTools).
 *
 * Then a phone's offline queue: a second event of 1,000 attending guests, whose 1,000 offline
 * check-ins go to `POST /checkin/<slug>/sync` in one request, and the same request again (it must
 * answer "recorded" for every one and add nothing). Prints
 *   sync_items=1000 sync_ms=… sync_again_ms=…
 * and checks that the event then holds exactly 1,000 active check-ins.
 * Usage: npm run -s bench:checkin [-- --floor]
 */
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createEvent, eventFormSchema } from "../app/domain/events/events.server";
import { addInvitees, inviteeFormSchema } from "../app/domain/invitations/invitations.server";
import { grantEventAccess } from "../app/domain/events/members.server";
import { createOrganizer, openSession } from "../app/domain/accounts/organizers.server";
import { withPayload } from "../app/domain/rsvp/tickets.server";
import { generateAppKey, useAppKey } from "../app/lib/app-key.server";
import { loadConfig } from "../app/lib/env.server";
import { sessionCookie } from "../app/web/session.server";
import { TICKET_CODE_ALPHABET } from "../app/domain/rsvp/ticket-payload";
import { openServerDatabase } from "../db/connect";
import { migrateToLatest } from "../db/migrate";
import { sampleEventForm } from "../tests/helpers/fixtures";

const TICKETS = 10_000;
const SLUG = "bench-checkin";
const SYNC_SLUG = "bench-sync";
const SYNC_ITEMS = 1_000;
const ENTRANCE = "정문";
/** Codes [start, end) of the ticket list each phase takes; the steady phase's are always fresh. */
const PHASES = [
  { name: "warm-up", connections: 10, amount: 500, codes: { start: 8_400, end: 8_900 } },
  { name: "throughput", connections: 50, duration: 10, codes: { start: 0, end: 8_400 } },
  { name: "steady", connections: 10, duration: 10, overallRate: 100, codes: { start: 8_900, end: TICKETS } },
  // Not timed: the warm-up's codes again, each of which must now answer "already".
  { name: "repeat", connections: 10, amount: 500, codes: { start: 8_400, end: 8_900 } },
] as const;

const withFloor = process.argv.includes("--floor");
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

interface PhaseResult {
  name: string;
  connections: number;
  seconds: number;
  sent: number;
  answered: number;
  repeats: number;
  answeredPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  results: Record<string, number>;
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
}

interface LoadResult {
  phases: PhaseResult[];
  welcomed: number[];
  unanswered: number[];
  failures: string[];
  failureCount: number;
}

/** The built server is the one measured: build it when it is missing or older than its sources. */
async function ensureBuilt(): Promise<void> {
  const built = path.join(root, "build", "index.js");
  const newest = (entry: string): number => {
    const stat = fs.statSync(entry);
    if (!stat.isDirectory()) return stat.mtimeMs;
    return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newest(path.join(entry, name))));
  };
  const sources = ["app", "db", "emails", "remix.config.js", "package-lock.json"].map((entry) => path.join(root, entry)).filter((entry) => fs.existsSync(entry));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= Math.max(...sources.map(newest))) return;
  console.error("bench:checkin: building the app (npm run build)…");
  // The build's output goes to stderr: stdout carries only the figures. Not spawnSync: tsx's
  // esbuild service, in this process, dies of a "deadlock" when the event loop stalls that long.
  const build = spawn("npm", ["run", "build"], { cwd: root, stdio: ["ignore", 2, 2] });
  const status = await new Promise<number | null>((resolve) => build.once("exit", resolve));
  if (status !== 0) throw new Error("npm run build failed");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time the process has used, user and system, in ms (/proc/<pid>/stat counts 100 ticks a second). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function residentMegabytes(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  if (!line) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line[1]) / 1024;
}

/** Seeds the event with the app's own functions (bulk inserts where the app has no bulk function). */
async function seed(databaseUrl: string, sessionSecret: string) {
  const { db, close } = await openServerDatabase(databaseUrl);
  useAppKey(db, appKey.key);
  try {
    await migrateToLatest(db);
    const owner = await createOrganizer(db, { email: "bench-owner@example.org", name: "Bench Owner", password: "bench password 1" });
    const staff = await createOrganizer(db, { email: "bench-door@example.org", name: "정문 담당", password: "bench password 2" });
    const event = await createEvent(db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: SLUG, capacity: "" })), { status: "published" });
    const granted = await grantEventAccess(
      db,
      { eventId: event.id, email: staff.email, role: "staff", invitedBy: owner.id },
      { origin: "http://127.0.0.1", locale: "ko", messageIdDomain: "example.org" },
    );
    if (granted.kind !== "added") throw new Error(`granting door staff access answered ${granted.kind}`);

    // PostgreSQL takes at most 65,535 parameters a statement: insert a thousand rows at a time.
    const CHUNK = 1_000;
    const inviteeIds: number[] = [];
    for (let from = 0; from < TICKETS; from += CHUNK) {
      const forms = Array.from({ length: Math.min(CHUNK, TICKETS - from) }, (_, k) => {
        const i = from + k;
        return inviteeFormSchema.parse({
          name: `손님${i}`,
          email: `guest${i}@example.org`,
          phone: "",
          organization: "벤치마크기관",
          position: "",
          groupName: `그룹${i % 7}`,
          language: "ko",
          notes: "",
        });
      });
      inviteeIds.push(...(await addInvitees(db, event.id, forms)));
    }
    const codes = new Set<string>();
    while (codes.size < TICKETS) codes.add(Array.from(crypto.randomBytes(8), (byte) => TICKET_CODE_ALPHABET[byte % TICKET_CODE_ALPHABET.length]).join(""));
    const codeList = [...codes];
    const tickets: Array<{ id: number; event_id: number; version: number; code: string }> = [];
    for (let from = 0; from < TICKETS; from += CHUNK) {
      const chunk = inviteeIds.slice(from, from + CHUNK);
      await db
        .insertInto("rsvps")
        .values(chunk.map((inviteeId) => ({ invitee_id: inviteeId, event_id: event.id, status: "attending" as const, answers: "{}", consent_at: new Date(), consent_text: "벤치마크 동의" })))
        .execute();
      tickets.push(
        ...(await db
          .insertInto("tickets")
          .values(chunk.map((inviteeId, k) => ({ event_id: event.id, invitee_id: inviteeId, code: codeList[from + k]! })))
          .returning(["id", "event_id", "version", "code"])
          .execute()),
      );
    }
    // Every payload is signed now, before the load, so no signing competes with the server.
    const bodies: string[] = [];
    for (const ticket of tickets) bodies.push(JSON.stringify({ payload: (await withPayload(db, ticket)).payload, entrance: ENTRANCE }));

    // The offline queue's event: its own guests, tickets and a roster handed out an hour ago.
    const syncEvent = await createEvent(db, owner.id, eventFormSchema.parse(sampleEventForm({ slug: SYNC_SLUG, capacity: "" })), { status: "published" });
    await grantEventAccess(db, { eventId: syncEvent.id, email: staff.email, role: "staff", invitedBy: owner.id }, { origin: "http://127.0.0.1", locale: "ko", messageIdDomain: "example.org" });
    const syncInvitees = await addInvitees(
      db,
      syncEvent.id,
      Array.from({ length: SYNC_ITEMS }, (_, i) =>
        inviteeFormSchema.parse({ name: `오프라인${i}`, email: `offline${i}@example.org`, phone: "", organization: "", position: "", groupName: "", language: "ko", notes: "" }),
      ),
    );
    await db
      .insertInto("rsvps")
      .values(syncInvitees.map((inviteeId) => ({ invitee_id: inviteeId, event_id: syncEvent.id, status: "attending" as const, answers: "{}", consent_at: new Date(), consent_text: "벤치마크 동의" })))
      .execute();
    const syncTickets = await db
      .insertInto("tickets")
      .values(syncInvitees.map((inviteeId, i) => ({ event_id: syncEvent.id, invitee_id: inviteeId, code: codeList[i]! })))
      .returning(["id", "invitee_id"])
      .execute();
    await db
      .updateTable("events")
      .set({ door_roster_issued_at: new Date(Date.now() - 3_600_000) })
      .where("id", "=", syncEvent.id)
      .execute();
    const syncBody = JSON.stringify({
      items: syncTickets.map((ticket, i) => ({
        clientId: crypto.randomUUID(),
        inviteeId: ticket.invitee_id,
        ticketId: ticket.id,
        checkedInAt: new Date(Date.now() - 600_000 + i).toISOString(),
        entrance: ENTRANCE,
      })),
    });

    const { token } = await openSession(db, staff.id, { userAgent: "bench:checkin", clientAddress: "127.0.0.1" });
    const config = loadConfig({ DATABASE_URL: databaseUrl, SESSION_SECRET: sessionSecret, APP_KEY: appKey.text });
    const cookie = (await sessionCookie(config).serialize(token)).split(";")[0]!;
    return { eventId: event.id, ticketIds: tickets.map((ticket) => ticket.id), bodies, cookie, sync: { eventId: syncEvent.id, body: syncBody } };
  } finally {
    await close();
  }
}

/** Transactions committed or rolled back in the database so far (backends report theirs when they end). */
async function transactions(admin: pg.Client, name: string): Promise<number> {
  const { rows } = await admin.query<{ n: string }>("select xact_commit + xact_rollback as n from pg_stat_database where datname = $1", [name]);
  return Number(rows[0]?.n ?? 0);
}

interface Target {
  label: "app" | "floor";
  start(port: number): ReturnType<typeof spawn>;
  /** Active check-ins per ticket id, as the target recorded them. */
  recorded(client: pg.Client): Promise<Array<{ ticket_id: number | null; n: number }>>;
}

async function waitUntilListening(origin: string, child: ReturnType<typeof spawn>, healthPath: string | null): Promise<void> {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it listened`);
    try {
      const response = await fetch(`${origin}${healthPath ?? "/"}`);
      await response.arrayBuffer();
      if (healthPath === null || response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (i > 600) throw new Error("the server did not start within a minute");
    await sleep(100);
  }
}

async function measure(target: Target, input: { admin: pg.Client; databaseName: string; databaseUrl: string; ticketIds: number[]; bodies: string[]; cookie: string; workDir: string }) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  await sleep(300);
  const transactionsBefore = await transactions(input.admin, input.databaseName);
  const server = target.start(port);
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  let rssMb = Number.NaN;
  let cpuBefore = 0;
  let cpuSpent = Number.NaN;
  let load: LoadResult;
  try {
    await waitUntilListening(origin, server, target.label === "app" ? "/healthz" : null);
    const planFile = path.join(input.workDir, `plan-${target.label}.json`);
    fs.writeFileSync(
      planFile,
      JSON.stringify({
        origin,
        path: `/checkin/${SLUG}/scan`,
        headers: { "Content-Type": "application/json", Origin: origin, Cookie: input.cookie, Accept: "application/json" },
        bodies: input.bodies,
        phases: PHASES,
      }),
    );
    cpuBefore = cpuMs(server.pid!);
    const worker = spawn(process.execPath, [path.join(root, "bench", "checkin-load.mjs"), planFile], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    worker.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => worker.once("exit", resolve));
    if (code !== 0) throw new Error(`the load process exited with ${code}`);
    load = JSON.parse(output) as LoadResult;
    rssMb = residentMegabytes(server.pid!);
    cpuSpent = cpuMs(server.pid!) - cpuBefore;
  } finally {
    server.kill("SIGTERM");
    await exited;
  }
  await sleep(500);
  const serverTransactions = (await transactions(input.admin, input.databaseName)) - transactionsBefore;

  const failures = [...load.failures];
  if (load.failureCount > load.failures.length) failures.push(`… and ${load.failureCount - load.failures.length} more wrong answers`);
  for (const phase of load.phases) {
    if (phase.non2xx || phase.errors || phase.timeouts)
      failures.push(`${phase.name}: ${phase.non2xx} non-2xx answers (by status: ${JSON.stringify(phase.statuses)}), ${phase.errors} connection errors, ${phase.timeouts} timeouts`);
  }
  const check = new pg.Client({ connectionString: input.databaseUrl });
  await check.connect();
  try {
    const recorded = new Map<number, number>();
    for (const row of await target.recorded(check)) {
      if (row.ticket_id === null) failures.push(`${row.n} active check-ins without a ticket`);
      else recorded.set(row.ticket_id, Number(row.n));
    }
    const welcomed = new Set(load.welcomed.map((index) => input.ticketIds[index]!));
    const unanswered = new Set(load.unanswered.map((index) => input.ticketIds[index]!));
    let missing = 0;
    let doubled = 0;
    let unexplained = 0;
    for (const ticketId of welcomed) {
      if (recorded.get(ticketId) === 1) continue;
      if (recorded.has(ticketId)) doubled++;
      else missing++;
    }
    for (const [ticketId, n] of recorded) {
      if (n > 1 && !welcomed.has(ticketId)) doubled++;
      // A scan cut off when a phase ended may have been recorded without its answer arriving.
      if (!welcomed.has(ticketId) && !unanswered.has(ticketId)) unexplained++;
    }
    if (missing) failures.push(`${missing} tickets answered "welcome" have no active check-in`);
    if (doubled) failures.push(`${doubled} tickets have more than one active check-in`);
    if (unexplained) failures.push(`${unexplained} tickets have an active check-in no scan was answered "welcome" for`);
  } finally {
    await check.end();
  }

  const [, throughput, steady] = load.phases as [PhaseResult, PhaseResult, PhaseResult, PhaseResult];
  const scans = load.phases.reduce((sum, phase) => sum + phase.answered, 0);
  for (const phase of load.phases) {
    const answers = Object.entries(phase.results)
      .map(([result, n]) => `${result}=${n}`)
      .join(" ");
    console.error(
      `${target.label} ${phase.name}: ${phase.connections} connections, ${phase.seconds.toFixed(2)} s, ${phase.answered} answered (${phase.repeats} repeats, ${phase.sent - phase.answered} cut off at the end) = ${phase.answeredPerSecond.toFixed(1)}/s; ${answers}; latency ms p50=${phase.latencyMs.p50.toFixed(2)} p90=${phase.latencyMs.p90.toFixed(2)} p99=${phase.latencyMs.p99.toFixed(2)} max=${phase.latencyMs.max.toFixed(2)}`,
    );
  }
  console.error(`${target.label}: ${(cpuSpent / scans).toFixed(2)} ms of the server process's CPU per scan`);
  console.error(
    `${target.label}: ${(serverTransactions / scans).toFixed(2)} database transactions per scan (pg_stat_database over the server's life, start-up included: ${serverTransactions} for ${scans} scans)`,
  );
  if (steady.answeredPerSecond < 95) console.error(`${target.label}: the steady phase reached only ${steady.answeredPerSecond.toFixed(1)} scans a second, not 100`);
  for (const failure of failures) console.error(`${target.label} FAILED: ${failure}`);
  const figures = `checkins_per_second=${throughput.answeredPerSecond.toFixed(0)} p50_ms=${steady.latencyMs.p50.toFixed(2)} p99_ms=${steady.latencyMs.p99.toFixed(2)} rss_mb=${rssMb.toFixed(0)}`;
  return { line: target.label === "floor" ? `floor ${figures}` : figures, failures };
}

/** One phone's offline queue of 1,000 sent in one request, then again; both must answer "recorded" for all. */
async function measureSync(target: Target, input: { databaseUrl: string; cookie: string; eventId: number; body: string }) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const server = target.start(port);
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  const failures: string[] = [];
  const timings: number[] = [];
  try {
    await waitUntilListening(origin, server, "/healthz");
    for (let round = 0; round < 2; round++) {
      const started = performance.now();
      const response = await fetch(`${origin}/checkin/${SYNC_SLUG}/sync`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: origin, Cookie: input.cookie, Accept: "application/json" },
        body: input.body,
      });
      const answer = (await response.json()) as { results?: Array<{ result: string }> };
      timings.push(performance.now() - started);
      const recorded = answer.results?.filter((result) => result.result === "recorded").length ?? 0;
      if (response.status !== 200 || recorded !== SYNC_ITEMS) failures.push(`sync round ${round + 1}: status ${response.status}, ${recorded} of ${SYNC_ITEMS} recorded`);
    }
  } finally {
    server.kill("SIGTERM");
    await exited;
  }
  const check = new pg.Client({ connectionString: input.databaseUrl });
  await check.connect();
  try {
    const { rows } = await check.query("select count(*)::int as n, count(distinct invitee_id)::int as guests from checkins where event_id = $1 and undone_at is null", [input.eventId]);
    if (rows[0].n !== SYNC_ITEMS || rows[0].guests !== SYNC_ITEMS) failures.push(`sync: ${rows[0].n} active check-ins for ${rows[0].guests} guests, not ${SYNC_ITEMS}`);
  } finally {
    await check.end();
  }
  for (const failure of failures) console.error(`${target.label} FAILED: ${failure}`);
  return { line: `sync_items=${SYNC_ITEMS} sync_ms=${timings[0]!.toFixed(0)} sync_again_ms=${timings[1]!.toFixed(0)}`, failures };
}

await ensureBuilt();
const serverUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const databaseName = `nanum_bench_checkin_${crypto.randomBytes(4).toString("hex")}`;
const databaseUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();
const sessionSecret = crypto.randomBytes(32).toString("base64url");
// The seeding and the server seal and open the events' signing keys with the same APP_KEY.
const appKey = generateAppKey("APP_KEY");
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "nanum-bench-checkin-"));
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database "${databaseName}"`);
let failed = false;
try {
  const seedStarted = performance.now();
  const seeded = await seed(databaseUrl, sessionSecret);
  console.error(`seeded ${TICKETS} attending invitees with tickets and signed their codes in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  const input = { admin, databaseName, databaseUrl, ticketIds: seeded.ticketIds, bodies: seeded.bodies, cookie: seeded.cookie, workDir };

  let profiled = 0;
  const profile = (label: string) =>
    process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`, `--cpu-prof-name=checkin-${label}-${++profiled}.cpuprofile`] : [];
  const app: Target = {
    label: "app",
    start: (port) =>
      spawn(process.execPath, [...profile("app"), "build/index.js"], {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          SESSION_SECRET: sessionSecret,
          APP_KEY: appKey.text,
          DATA_DIR: path.join(workDir, "data"),
          PORT: String(port),
          HOST: "127.0.0.1",
          APP_URL: "",
          SMTP_URL: "",
          HTTPS_CERT: "",
          HTTPS_KEY: "",
          TRUST_PROXY: "false",
          NODE_ENV: "production",
        },
        stdio: ["ignore", "ignore", "inherit"],
      }),
    recorded: async (client) => (await client.query("select ticket_id, count(*)::int as n from checkins where event_id = $1 and undone_at is null group by ticket_id", [seeded.eventId])).rows,
  };
  const floor: Target = {
    label: "floor",
    start: (port) =>
      spawn(process.execPath, [...profile("floor"), path.join(root, "bench", "checkin-floor.mjs")], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), EVENT_ID: String(seeded.eventId) },
        stdio: ["ignore", "ignore", "inherit"],
      }),
    recorded: async (client) => (await client.query("select ticket_id, count(*)::int as n from floor_checkins group by ticket_id")).rows,
  };

  const results = [await measure(app, input)];
  if (withFloor) results.push(await measure(floor, input));
  results.push(await measureSync(app, { databaseUrl, cookie: seeded.cookie, ...seeded.sync }));
  for (const result of results) console.log(result.line);
  failed = results.some((result) => result.failures.length > 0);
} finally {
  await admin.query(`drop database if exists "${databaseName}" with (force)`);
  await admin.end();
  fs.rmSync(workDir, { recursive: true, force: true });
}
if (failed) process.exit(1);
