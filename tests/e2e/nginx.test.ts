/**
 * deploy/nginx.conf as operators run it: Debian's nginx with a self-signed certificate in front of
 * two app instances on one PostgreSQL server database. A guest answers, an organizer signs in
 * and a door scans through it; then each instance is restarted in turn under load.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import type { Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { personalLinkToken } from "../../app/domain/invitations/invitations.server";
import { AppKey, generateAppKey, useAppKey } from "../../app/lib/app-key.server";
import { openServerDatabase, type DatabaseHandle } from "../../db/connect";
import type { Database } from "../../db/schema";
import { DEMO_ORGANIZER, seedDemo } from "../../scripts/seed";
import { launchBrowser, newContext } from "../helpers/browser";
import { attendingGuests, pajuEvent, type AttendingGuest } from "../helpers/demo";
import { cleanUp, freePort, makeTempDir, repoRoot, spawnServer, waitUntilHealthy, type ServerProcess } from "../helpers/server";

const adminUrl = process.env.TEST_DATABASE_URL;
const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** deploy/nginx.conf with its values marked "change" replaced; fails if the file no longer has one of them. */
function renderNginxConfig(replacements: Array<[string, string]>): string {
  let text = fs.readFileSync(path.join(repoRoot, "deploy", "nginx.conf"), "utf8");
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`deploy/nginx.conf no longer holds ${JSON.stringify(from)}`);
    text = text.split(from).join(to);
  }
  return text;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe.skipIf(!adminUrl)("two instances behind nginx (deploy/nginx.conf)", () => {
  const database = `nanum_nginx_${crypto.randomBytes(6).toString("hex")}`;
  const appKey = generateAppKey("APP_KEY");
  const sessionSecret = crypto.randomBytes(32).toString("base64url");
  let databaseUrl: string;
  let handle: DatabaseHandle;
  let db: Kysely<Database>;
  let dir: string;
  let ca: Buffer;
  let agent: https.Agent;
  let origin: string;
  let httpPort: number;
  let nginx: ChildProcess;
  let nginxOutput = "";
  const instances: ServerProcess[] = [];
  let instanceEnv: Record<string, string>;
  let guests: AttendingGuest[];
  let slug: string;
  let pendingToken: string;

  /** A request through nginx as a phone makes it: TLS to the proxy's certificate, one kept-alive connection pool. */
  function request(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = https.request(`${origin}${pathname}`, { method: options.method ?? "GET", headers: options.headers, agent }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${pathname} within 10 s`)));
      req.end(options.body);
    });
  }

  async function startInstance(port: number): Promise<ServerProcess> {
    const server = await spawnServer({ port, env: instanceEnv });
    await waitUntilHealthy(server);
    return server;
  }

  async function organizerCookie(): Promise<string> {
    const body = new URLSearchParams({ email: DEMO_ORGANIZER.email, password: DEMO_ORGANIZER.password }).toString();
    const answer = await request("/login", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin }, body });
    expect(answer.status).toBe(302);
    const setCookie = ([] as string[]).concat(answer.headers["set-cookie"] ?? []);
    expect(setCookie.length).toBeGreaterThan(0);
    return setCookie.map((cookie) => cookie.split(";")[0]).join("; ");
  }

  beforeAll(async () => {
    await onServer(`create database "${database}"`);
    const url = new URL(adminUrl!);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();

    dir = makeTempDir("nanum-nginx-");
    // nginx's workers run as another user and keep request bodies in temporary folders under here.
    fs.chmodSync(dir, 0o755);
    const cert = path.join(dir, "fullchain.pem");
    const key = path.join(dir, "privkey.pem");
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
      {
        stdio: "ignore",
      },
    );
    ca = fs.readFileSync(cert);
    agent = new https.Agent({ ca, keepAlive: true, maxSockets: 16 });

    const [portA, portB, tlsPort, plainPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    httpPort = plainPort;
    origin = `https://localhost:${tlsPort}`;
    instanceEnv = { DATABASE_URL: databaseUrl, SESSION_SECRET: sessionSecret, APP_KEY: appKey.text, TRUST_PROXY: "true", APP_URL: origin };
    // Both start at once on the empty database: one migrates, the other waits for it.
    instances.push(...(await Promise.all([startInstance(portA), startInstance(portB)])));

    handle = await openServerDatabase(databaseUrl, { max: 4 });
    db = handle.db;
    useAppKey(db, new AppKey(Buffer.from(appKey.text, "base64"), "APP_KEY"));
    await seedDemo(db);
    guests = await attendingGuests(db, 40);
    const event = await pajuEvent(db);
    slug = event.slug;
    const pending = await db
      .selectFrom("invitees")
      .leftJoin("rsvps", "rsvps.invitee_id", "invitees.id")
      .select(["invitees.id", "invitees.link_version"])
      .where("invitees.event_id", "=", event.id)
      .where("rsvps.invitee_id", "is", null)
      .orderBy("invitees.id")
      .executeTakeFirstOrThrow();
    pendingToken = await personalLinkToken(db, pending);

    const site = renderNginxConfig([
      ["127.0.0.1:3001", `127.0.0.1:${portA}`],
      ["127.0.0.1:3002", `127.0.0.1:${portB}`],
      ["listen 80", `listen 127.0.0.1:${plainPort}`],
      ["listen 443 ", `listen 127.0.0.1:${tlsPort} `],
      ["nanum.example.go.kr", "localhost"],
      ["/etc/ssl/nanum/fullchain.pem", cert],
      ["/etc/ssl/nanum/privkey.pem", key],
    ]);
    fs.writeFileSync(path.join(dir, "nanum.conf"), site);
    fs.writeFileSync(
      path.join(dir, "nginx.conf"),
      ["worker_processes 1;", `pid ${dir}/nginx.pid;`, "events { worker_connections 1024; }", `http { access_log ${dir}/access.log; include ${dir}/nanum.conf; }`, ""].join("\n"),
    );
    nginx = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log"), "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
    nginx.stdout!.on("data", (chunk: Buffer) => (nginxOutput += chunk.toString()));
    nginx.stderr!.on("data", (chunk: Buffer) => (nginxOutput += chunk.toString()));
    for (let attempt = 0; ; attempt++) {
      const answer = await request("/healthz").catch((error: unknown) => String(error));
      if (typeof answer !== "string" && answer.status === 200) break;
      if (attempt === 100 || nginx.exitCode !== null) throw new Error(`nginx did not come up: ${nginxOutput}\n${fs.readFileSync(path.join(dir, "error.log"), "utf8")}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    agent?.destroy();
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once("close", resolve));
      nginx.kill("SIGQUIT");
      await exited;
    }
    await handle?.close();
    await cleanUp();
    await onServer(`drop database if exists "${database}" with (force)`);
  });

  it("lets a guest answer, an organizer sign in and a door scan through it, with HTTPS and the client's address passed on", async () => {
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser, origin, "ko-KR", { ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 }, isMobile: true });
      const page = await context.newPage();
      await page.goto(`/i/${pendingToken}`);
      await page.getByLabel("참석합니다", { exact: true }).check();
      await page.getByLabel(/개인정보 수집·이용에 동의합니다/).check();
      await page.getByRole("button", { name: "회신 보내기" }).click();
      await page.getByText("참석으로 회신하셨습니다.").waitFor();

      await page.goto("/login");
      await page.getByLabel(/^이메일/).fill(DEMO_ORGANIZER.email);
      await page.getByLabel(/^비밀번호/).fill(DEMO_ORGANIZER.password);
      await page.getByRole("button", { name: "로그인" }).click();
      await page.waitForURL((address) => address.pathname === "/admin");
      // The app saw HTTPS through X-Forwarded-Proto: its session cookie is Secure.
      const session = (await context.cookies()).filter((cookie) => cookie.httpOnly);
      expect(session.length).toBeGreaterThan(0);
      expect(session.every((cookie) => cookie.secure)).toBe(true);
    } finally {
      await browser.close();
    }

    const cookie = await organizerCookie();
    const scan = await request(`/checkin/${slug}/scan`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie, Origin: origin },
      body: JSON.stringify({ payload: guests[0]!.payload }),
    });
    expect(scan.status).toBe(200);
    expect(JSON.parse(scan.body)).toMatchObject({ result: "welcome" });

    // HSTS on the app's pages and on nginx's own answers; plain HTTP is sent to HTTPS.
    expect((await request("/")).headers["strict-transport-security"]).toBe("max-age=31536000");
    const plainHttp = (host: string) =>
      new Promise<{ status: number; location?: string }>((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${httpPort}/admin`, { headers: { Host: host } }, (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, location: res.headers.location });
          })
          .on("error", reject);
      });
    expect(await plainHttp("localhost")).toEqual({ status: 301, location: "https://localhost/admin" });
    // A name that is not the app's gets no answer at all (nginx closes the connection).
    await expect(plainHttp("attacker.example")).rejects.toThrow(/socket hang up|ECONNRESET/);

    // The address a client claims is replaced by the one nginx saw: the throttle counts 127.0.0.1.
    const before = await db.selectFrom("link_lookup_failures").select("client_address").execute();
    expect((await request(`/i/${"A".repeat(32)}`, { headers: { "X-Forwarded-For": "203.0.113.9" } })).status).toBe(404);
    const after = await db.selectFrom("link_lookup_failures").select("client_address").execute();
    expect(after.length).toBe(before.length + 1);
    expect(after.map((row) => row.client_address)).not.toContain("203.0.113.9");
    expect(after.map((row) => row.client_address)).toContain("127.0.0.1");

    // Bodies: 1 MiB for forms, the imports' 5 MB file with its envelope, refused above that by nginx itself.
    const form = (bytes: number) => ({ method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, Cookie: cookie }, body: Buffer.alloc(bytes, "a") });
    const tooBigForm = await request("/login", form(2 * 1024 * 1024));
    expect(tooBigForm.status).toBe(413);
    expect(tooBigForm.headers.server).toMatch(/^nginx/);
    expect(tooBigForm.headers["strict-transport-security"]).toBe("max-age=31536000");
    const eventId = guests[0]!.eventId;
    const importBody = (bytes: number) => ({ ...form(bytes), headers: { ...form(0).headers, "Content-Type": "multipart/form-data; boundary=x" } });
    expect((await request(`/admin/events/${eventId}/invitees/import`, importBody(5 * 1024 * 1024))).status).not.toBe(413);
    expect((await request(`/admin/events/${eventId}/invitees/import`, importBody(6 * 1024 * 1024))).status).toBe(413);
  });

  it("passes live arrivals (Server-Sent Events) through unbuffered: a scan on one instance reaches a stream on either within a second", async () => {
    const cookie = await organizerCookie();
    const eventId = guests[0]!.eventId;
    const delays: number[] = [];
    for (const guest of guests.slice(40 - 3)) {
      // A fresh stream each time: nginx sends it to either instance, the scan to either as well.
      const stream = await new Promise<{ next(): Promise<string>; close(): void }>((resolve, reject) => {
        const req = https.request(`${origin}/admin/events/${eventId}/arrivals/stream`, { headers: { Cookie: cookie, Accept: "text/event-stream" }, agent: false, ca }, (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers["content-type"]).toMatch(/^text\/event-stream/);
          let buffer = "";
          const waiting: Array<(event: string) => void> = [];
          res.setEncoding("utf8").on("data", (chunk: string) => {
            buffer += chunk;
            let end: number;
            while ((end = buffer.indexOf("\n\n")) !== -1) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              if (block.startsWith("event:")) waiting.shift()?.(block);
            }
          });
          resolve({ next: () => new Promise((done) => waiting.push(done)), close: () => req.destroy() });
        });
        req.on("error", reject);
        req.end();
      });
      const arrived = stream.next();
      // Let the stream's subscription settle before the scan it should hear of.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = performance.now();
      const scan = await request(`/checkin/${slug}/scan`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Cookie: cookie, Origin: origin },
        body: JSON.stringify({ payload: guest.payload }),
      });
      expect(JSON.parse(scan.body)).toMatchObject({ result: "welcome" });
      const event = await Promise.race([arrived, new Promise<string>((resolve) => setTimeout(() => resolve("timeout"), 5_000))]);
      delays.push(Math.round(performance.now() - started));
      stream.close();
      expect(event).toBe(`event: arrivals\ndata: ${eventId}`);
    }
    console.log(`sse through nginx: delays_ms=${delays.join(",")}`);
    for (const delay of delays) expect(delay).toBeLessThan(1_000);
  });

  it("restarts one instance at a time under load: no page fails, and every scan is recorded", async () => {
    const cookie = await organizerCookie();
    const pages = [`/e/${slug}`, "/admin", `/admin/events/${guests[0]!.eventId}`];
    let running = true;
    const gets = { ok: 0, failed: [] as string[] };
    const load = Array.from({ length: 4 }, async (_, worker) => {
      for (let i = worker; running; i++) {
        const pathname = pages[i % pages.length]!;
        try {
          const answer = await request(pathname, { headers: { Cookie: cookie } });
          if (answer.status === 200) gets.ok++;
          else gets.failed.push(`${pathname}: ${answer.status}`);
        } catch (error) {
          gets.failed.push(`${pathname}: ${String(error)}`);
        }
      }
    });

    // Each of 36 guests (the first came in above, the last three in the stream test) is scanned once, a scan every 200 ms (through both restarts), as a phone
    // does: an answer that did not come back is sent again from its queue until one does.
    const scans = { sent: 0, retried: 0, results: new Map<number, string>() };
    const scanning = (async () => {
      for (const guest of guests.slice(1, 40 - 3)) {
        for (;;) {
          scans.sent++;
          const answer = await request(`/checkin/${slug}/scan`, {
            method: "POST",
            headers: { "Content-Type": "application/json", Cookie: cookie, Origin: origin },
            body: JSON.stringify({ payload: guest.payload }),
          }).catch(() => null);
          if (answer?.status === 200) {
            scans.results.set(guest.inviteeId, (JSON.parse(answer.body) as { result: string }).result);
            break;
          }
          scans.retried++;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    const restarts: number[] = [];
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const index of [0, 1]) {
      const started = performance.now();
      const old = instances[index]!;
      const exit = await old.stop();
      expect(exit.code, old.output()).toBe(0);
      instances[index] = await startInstance(old.port);
      restarts.push(Math.round(performance.now() - started));
      // nginx counts a refused connection against an instance for fail_timeout (2 s): give the
      // restarted one that long to be back in rotation before the other goes down.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    }
    await scanning;
    running = false;
    await Promise.all(load);

    console.log(
      `rolling restart: gets_ok=${gets.ok} gets_failed=${gets.failed.length} scans=${scans.results.size} scan_posts=${scans.sent} scan_retries=${scans.retried} restart_ms=${restarts.join(",")}`,
    );
    expect(gets.failed, fs.readFileSync(path.join(dir, "error.log"), "utf8").split("\n").slice(-20).join("\n")).toEqual([]);
    expect(gets.ok).toBeGreaterThan(100);
    expect(scans.results.size).toBe(36);
    // A scan whose answer was lost after it was recorded comes back as "already": still one check-in.
    for (const result of scans.results.values()) expect(["welcome", "already"]).toContain(result);
    const checkins = await db
      .selectFrom("checkins")
      .select((eb) => ["invitee_id", eb.fn.countAll<string>().as("n")])
      .where(
        "invitee_id",
        "in",
        guests.map((guest) => guest.inviteeId),
      )
      .where("undone_at", "is", null)
      .groupBy("invitee_id")
      .execute();
    expect(checkins.length).toBe(40);
    expect(checkins.every((row) => Number(row.n) === 1)).toBe(true);
  });
});
