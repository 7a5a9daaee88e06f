/**
 * What a phone downloads to run the guest's page and the door scanner. Builds the app when the
 * build is missing or older than the sources, starts the built server on a fresh embedded
 * database (the demo data a first start creates), opens a guest's personal page and, signed in
 * as the demo organizer, the scanner; follows every <script src>, modulepreload link and static
 * import of the page's inline module scripts, then every static import inside those files,
 * transitively, as a browser would (files only an import("…") asks for are left out); gzips each
 * file (level 9) and prints
 *   guest_js_gzip_kb=… scanner_js_gzip_kb=…
 * in KiB with one decimal. BENCH_WEIGHT_FILES=1 lists each file on stderr.
 * Usage: npm run -s bench:weight
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { init as initLexer, parse as parseImports } from "es-module-lexer";
import { personalLinkMaker } from "../app/domain/invitations/invitations.server";
import { secureStoredKeys } from "../app/domain/stored-keys.server";
import { embeddedAppKey } from "../app/lib/env.server";
import { openEmbeddedDatabase } from "../db/connect";
import { DEMO_ORGANIZER, seedDemo } from "../scripts/seed";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/** The newest modification time under `target` (a file or a folder), in ms. */
function newest(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(target).map((name) => newest(path.join(target, name))));
}

function buildIfNeeded(): void {
  const built = Math.min(newest(path.join(root, "build", "index.js")), newest(path.join(root, "public", "build")));
  const sources = Math.max(...["app", "db", "remix.config.js", "package-lock.json", "patches"].map((name) => newest(path.join(root, name))));
  if (built > sources) return;
  // The build's own messages go to stderr: stdout carries the one line of figures.
  const result = spawnSync(path.join(root, "node_modules", ".bin", "remix"), ["build"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", process.stderr, process.stderr],
  });
  if (result.status !== 0) throw new Error(`remix build failed (exit code ${result.status})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once("error", reject);
    probe.listen(0, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

buildIfNeeded();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "nanum-bench-weight-"));
process.on("exit", () => fs.rmSync(dataDir, { recursive: true, force: true }));

// The demo data a first start makes, written before the server opens the folder; a Korean
// guest of the sample meeting who has not answered yet (their page shows the whole form).
const seeded = await openEmbeddedDatabase(dataDir, {
  holder: "bench:weight",
  // The server takes the same APP_KEY from the folder (APP_KEY is left out of its environment below).
  onOpen: (db) => secureStoredKeys(db, embeddedAppKey(dataDir)),
  onCreate: async (db) => void (await seedDemo(db)),
});
const event = await seeded.db.selectFrom("events").select(["id", "slug"]).where("slug", "like", "paju-performance-sharing-%").executeTakeFirstOrThrow();
const guest = await seeded.db
  .selectFrom("invitees")
  .select(["id", "link_version"])
  .where("event_id", "=", event.id)
  .where("language", "=", "ko")
  .where(({ not, exists, selectFrom }) => not(exists(selectFrom("rsvps").select("rsvps.invitee_id").whereRef("rsvps.invitee_id", "=", "invitees.id"))))
  .orderBy("id")
  .executeTakeFirstOrThrow();
const guestPath = (await personalLinkMaker(seeded.db, ""))(guest);
await seeded.close();

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), NODE_ENV: "production" };
for (const name of ["DATABASE_URL", "SMTP_URL", "APP_URL", "HTTPS_CERT", "HTTPS_KEY", "SESSION_SECRET", "APP_KEY"]) delete env[name];
const server = spawn(process.execPath, ["build/index.js"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
const serverExit = new Promise((resolve) => server.once("exit", resolve));

async function stopServer(): Promise<void> {
  if (server.exitCode === null && server.signalCode === null) server.kill("SIGTERM");
  await serverExit;
}

/** A page's HTML, following redirects by hand so the cookies they set (language) go along. */
async function page(target: string, cookies: string[]): Promise<string> {
  for (let hops = 0; hops < 5; hops++) {
    const response = await fetch(new URL(target, origin), { headers: { Cookie: cookies.join("; "), "Accept-Language": "ko" }, redirect: "manual" });
    for (const header of response.headers.getSetCookie()) cookies.push(header.split(";")[0]!);
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      target = location;
      continue;
    }
    if (response.status !== 200) throw new Error(`${target} answered ${response.status}`);
    return response.text();
  }
  throw new Error(`${target} redirected too often`);
}

/** The specifiers of an ES module's static imports and re-exports, and of its import("…") calls. */
function importsOf(source: string): { static: string[]; onDemand: string[] } {
  const [imports] = parseImports(source);
  const named = (dynamic: boolean) => imports.filter((entry) => (entry.d === -1) !== dynamic && entry.n !== undefined).map((entry) => entry.n!);
  return { static: named(false), onDemand: named(true) };
}

/**
 * Every script the browser loads for `html` at `pageUrl`, with each file's gzipped size in bytes;
 * `onDemand`: files only an import("…") asks for (the scanner's jsQR, fetched only by browsers
 * without a native QR reader), listed with BENCH_WEIGHT_FILES but not counted.
 */
async function scriptsOf(html: string, pageUrl: string): Promise<{ sizes: Map<string, number>; onDemand: Set<string> }> {
  const pending: string[] = [];
  for (const [, src] of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) pending.push(new URL(src!, pageUrl).href);
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    const href = /\bhref="([^"]+)"/.exec(tag!)?.[1];
    if (href && /\brel="modulepreload"/.test(tag!)) pending.push(new URL(href, pageUrl).href);
  }
  for (const [, body] of html.matchAll(/<script\b[^>]*\btype="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    for (const specifier of importsOf(body!).static) pending.push(new URL(specifier, pageUrl).href);
  }
  const sizes = new Map<string, number>();
  const onDemand = new Set<string>();
  while (pending.length > 0) {
    const url = pending.shift()!;
    if (sizes.has(url)) continue;
    const response = await fetch(url, { headers: { "Accept-Encoding": "identity" } });
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    sizes.set(url, gzipSync(body, { level: 9 }).length);
    const imports = importsOf(body.toString("utf8"));
    for (const specifier of imports.static) pending.push(new URL(specifier, url).href);
    for (const specifier of imports.onDemand) onDemand.add(new URL(specifier, url).href);
  }
  for (const url of sizes.keys()) onDemand.delete(url);
  return { sizes, onDemand };
}

function kib(sizes: Map<string, number>): string {
  return ([...sizes.values()].reduce((sum, size) => sum + size, 0) / 1024).toFixed(1);
}

try {
  await initLexer;
  for (let attempt = 0; ; attempt++) {
    const healthy = await fetch(`${origin}/healthz`)
      .then((response) => response.status === 200)
      .catch(() => false);
    if (healthy) break;
    if (attempt > 600 || server.exitCode !== null) throw new Error("the server did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const login = await fetch(`${origin}/login`, {
    method: "POST",
    body: new URLSearchParams({ email: DEMO_ORGANIZER.email, password: DEMO_ORGANIZER.password, redirectTo: "/admin" }),
    headers: { Origin: origin },
    redirect: "manual",
  });
  const session = login.headers.getSetCookie().find((header) => header.startsWith("nanum_session="));
  if (login.status !== 302 || !session) throw new Error(`the demo organizer could not log in (${login.status})`);

  const guestUrl = `${origin}${guestPath}`;
  const scannerUrl = `${origin}/checkin/${event.slug}`;
  const guestScripts = await scriptsOf(await page(guestUrl, []), guestUrl);
  const scannerScripts = await scriptsOf(await page(scannerUrl, [session.split(";")[0]!]), scannerUrl);
  if (process.env.BENCH_WEIGHT_FILES) {
    for (const [name, scripts] of [
      ["guest", guestScripts],
      ["scanner", scannerScripts],
    ] as const) {
      for (const [url, size] of scripts.sizes) console.error(`${name}\t${(size / 1024).toFixed(1)}\t${new URL(url).pathname}`);
      for (const url of scripts.onDemand) {
        const size = gzipSync(Buffer.from(await (await fetch(url, { headers: { "Accept-Encoding": "identity" } })).arrayBuffer()), { level: 9 }).length;
        console.error(`${name}\t(${(size / 1024).toFixed(1)})\t${new URL(url).pathname}\ton demand, not counted`);
      }
    }
  }
  console.log(`guest_js_gzip_kb=${kib(guestScripts.sizes)} scanner_js_gzip_kb=${kib(scannerScripts.sizes)}`);
} finally {
  await stopServer();
}
