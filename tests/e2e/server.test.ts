import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookiesSet, daysFromNow, eventFormFields, getPage, logIn, postForm } from "../helpers/http";
import { cleanUp, makeTempDir, runCli, spawnServer, startServer, waitForExit, type ServerProcess } from "../helpers/server";

const DEMO = { email: "demo@nanum.example", password: "nanum-demo-2025" };

afterAll(cleanUp);

const firstHeading = (html: string) => /<h1[^>]*>(.*?)<\/h1>/s.exec(html)?.[1];
const inUse = (dataDir: string) => `The data folder ${dataDir} is in use`;

describe("a server on an embedded database", () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer();
  });

  it("answers /readyz with the embedded database up, starting on an empty data folder", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", database: "up", engine: "embedded" });
    expect(fs.existsSync(path.join(server.dataDir, "pgdata", "PG_VERSION"))).toBe(true);
  });

  it("serves /metrics to this machine, not through a proxy, with the requests it answered", async () => {
    await fetch(`${server.url}/healthz`);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    expect(text).toMatch(/^nanum_http_request_duration_seconds_count\{route="\/healthz",method="GET",status="2xx"\} [1-9]/m);
    expect(text).toMatch(/^nanum_checkins \d+$/m);
    expect(text).toContain("nodejs_eventloop_lag_p99_seconds");
    expect((await fetch(`${server.url}/metrics`, { headers: { "X-Forwarded-For": "198.51.100.4" } })).status).toBe(404);
  });

  it("seeds a first start with the sample Paju event, shown in the reader's language", async () => {
    const home = await getPage(`${server.url}/`, { "Accept-Language": "en-US,en;q=0.9" });
    expect(home.status).toBe(200);
    const slug = /href="\/e\/(paju-performance-sharing-\d{4})"/.exec(home.html)?.[1];
    expect(slug, "a link to the Paju sample on /").toBeDefined();
    expect(home.html).toMatch(/href="\/e\/hanam-shared-school-agreement-\d{4}"/);

    const english = await getPage(`${server.url}/e/${slug}`, { "Accept-Language": "en" });
    expect(english.status).toBe(200);
    expect(english.html).toContain('<html lang="en"');
    expect(firstHeading(english.html)).toMatch(/^\d{4} Paju City Education Development Zone Performance Sharing Meeting$/);

    const korean = await getPage(`${server.url}/e/${slug}`, { "Accept-Language": "ko" });
    expect(korean.status).toBe(200);
    expect(korean.html).toContain('<html lang="ko"');
    expect(firstHeading(korean.html)).toMatch(/^\d{4} 파주시 교육발전특구 성과공유회$/);
  });

  it("refuses a state-changing request from another site with 403 and accepts its own", async () => {
    const foreign = await postForm(`${server.url}/language`, { lang: "en", redirectTo: "/" }, { Origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain("Request refused");
    expect(foreign.headers.getSetCookie()).toEqual([]);

    // A browser's cross-site request that carries no Origin is refused too.
    const crossSite = await postForm(`${server.url}/language`, { lang: "en", redirectTo: "/" }, { "Sec-Fetch-Site": "cross-site" });
    expect(crossSite.status).toBe(403);

    // A login forged from another site opens no session, even with the right password.
    const forgedLogin = await postForm(`${server.url}/login`, DEMO, { Origin: "http://evil.example" });
    expect(forgedLogin.status).toBe(403);
    expect(forgedLogin.headers.getSetCookie()).toEqual([]);

    const own = await postForm(`${server.url}/language`, { lang: "en", redirectTo: "/" }, { Origin: server.url });
    expect(own.status).toBe(302);
    expect(own.headers.get("location")).toBe("/");
    expect(cookiesSet(own).get("nanum_lang")?.value).toBeTruthy();
  });

  it("sets an HttpOnly, SameSite=Lax session cookie that is not Secure over plain http", async () => {
    const { response, cookie } = await logIn(server.url, DEMO.email, DEMO.password);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/admin");
    const session = cookiesSet(response).get("nanum_session");
    expect(session, "a nanum_session cookie").toBeDefined();
    expect(session!.attributes.has("httponly")).toBe(true);
    expect(session!.attributes.get("samesite")?.toLowerCase()).toBe("lax");
    expect(session!.attributes.has("secure")).toBe(false);
    expect(session!.attributes.get("path")).toBe("/");

    const admin = await getPage(`${server.url}/admin`, { Cookie: cookie! });
    expect(admin.status).toBe(200);
    const stranger = await getPage(`${server.url}/admin`);
    expect(stranger.status).toBe(302);
    expect(stranger.response.headers.get("location")).toBe("/login?redirectTo=%2Fadmin");
  });

  it("refuses db:migrate, db:seed, organizer:create and db:backup while the server holds the data folder", async () => {
    const env = { DATA_DIR: server.dataDir };
    const backupFile = path.join(makeTempDir("nanum-e2e-backup-"), "while-running.tar.gz");
    const results = await Promise.all([
      runCli("migrate", [], env),
      runCli("seed", [], env),
      runCli("organizer:create", ["--email", "locked@nanum.example", "--password", "locked-out-123"], env),
      runCli("backup", [backupFile], env),
    ]);
    for (const [index, result] of results.entries()) {
      const name = ["migrate", "seed", "organizer:create", "backup"][index];
      expect(result.code, `${name} exit code; stderr: ${result.stderr}`).not.toBe(0);
      expect(result.code, name).not.toBeNull();
      expect(result.stderr, name).toContain(inUse(server.dataDir));
      expect(result.stderr, name).toContain(`process ${server.child.pid}`);
    }
    expect(fs.existsSync(backupFile)).toBe(false);

    // The server is untouched and nobody was added behind its back.
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await logIn(server.url, "locked@nanum.example", "locked-out-123")).response.status).toBe(400);
  });

  it("refuses to start a second server on a data folder that a running one holds", async () => {
    const second = await spawnServer({ dataDir: server.dataDir });
    const exit = await waitForExit(second);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    // One log line, its message saying who holds the folder.
    const { msg } = JSON.parse(exit.output.trim()) as { msg: string };
    expect(msg).toContain(inUse(server.dataDir));
    expect(msg).toContain('"nanum server (npm start)"');
    expect(exit.output).not.toContain("Nanum is ready");

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("the embedded data folder over time", () => {
  it("keeps an event created over HTTP across a SIGTERM restart, which exits 0 after closing the database", async () => {
    const first = await startServer();
    const { cookie } = await logIn(first.url, DEMO.email, DEMO.password);
    expect(cookie).toBeDefined();

    const title = "재시작 후에도 남는 행사";
    const created = await postForm(`${first.url}/admin/events/new`, eventFormFields({ titleKo: title, titleEn: "An event that survives a restart", date: daysFromNow(20) }), {
      Origin: first.url,
      Cookie: cookie!,
    });
    expect(created.status).toBe(302);
    const eventPath = created.headers.get("location") ?? "";
    expect(eventPath).toMatch(/^\/admin\/events\/\d+$/);

    const stopped = await first.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.signal).toBeNull();
    expect(stopped.output).toContain("Database closed");
    expect(fs.existsSync(path.join(first.dataDir, "nanum.lock"))).toBe(false);

    const second = await startServer({ dataDir: first.dataDir });
    // The session and its signing secret live in the data folder too, so the old cookie still works.
    const page = await getPage(`${second.url}${eventPath}`, { Cookie: cookie! });
    expect(page.status).toBe(200);
    expect(firstHeading(page.html)).toBe(title);
    const dashboard = await getPage(`${second.url}/admin`, { Cookie: cookie! });
    expect(dashboard.html).toContain(`href="${eventPath}"`);
    expect((await second.stop()).code).toBe(0);
  });

  it("restores a backup taken while stopped, undoing what came after it", async () => {
    const later = { email: "later@nanum.example", password: "added-after-backup" };
    const dataDir = makeTempDir();
    const backupFile = path.join(makeTempDir("nanum-e2e-backup-"), "before.tar.gz");
    await (await startServer({ dataDir })).stop();

    const backup = await runCli("backup", [backupFile], { DATA_DIR: dataDir });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`Backup written to ${backupFile}`);
    expect(fs.statSync(backupFile).size).toBeGreaterThan(0);

    const create = await runCli("organizer:create", ["--email", later.email, "--password", later.password], { DATA_DIR: dataDir });
    expect(create.code, create.stderr).toBe(0);
    expect(create.stdout).toContain(`Created organizer ${later.email}`);

    let server = await startServer({ dataDir });
    expect((await logIn(server.url, later.email, later.password)).response.status).toBe(302);
    await server.stop();

    const restore = await runCli("restore", [backupFile], { DATA_DIR: dataDir });
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`Restored ${backupFile}`);

    server = await startServer({ dataDir });
    const refused = await logIn(server.url, later.email, later.password);
    expect(refused.response.status).toBe(400);
    expect(refused.cookie).toBeUndefined();
    const demo = await logIn(server.url, DEMO.email, DEMO.password);
    expect(demo.response.status).toBe(302);
    expect(demo.cookie).toBeDefined();
    await server.stop();
  });
});

describe("a server whose APP_URL is https", () => {
  it("sets a Secure session cookie with the __Host- prefix", async () => {
    const server = await startServer({ env: { APP_URL: "https://nanum.example" } });
    const { response, cookie } = await logIn(server.url, DEMO.email, DEMO.password);
    expect(response.status).toBe(302);
    const session = cookiesSet(response).get("__Host-nanum_session");
    expect(session, `cookies set: ${response.headers.getSetCookie().join(" | ")}`).toBeDefined();
    expect(session!.attributes.has("secure")).toBe(true);
    expect(session!.attributes.has("httponly")).toBe(true);
    expect(session!.attributes.get("samesite")?.toLowerCase()).toBe("lax");
    expect(session!.attributes.get("path")).toBe("/");
    expect(session!.attributes.has("domain")).toBe(false);
    expect(cookiesSet(response).has("nanum_session")).toBe(false);
    expect((await getPage(`${server.url}/admin`, { Cookie: cookie! })).status).toBe(200);

    // Requests from the public address, through a proxy that passes the public host on, are its own.
    const fromPublicOrigin = await postForm(`${server.url}/language`, { lang: "ko", redirectTo: "/" }, { Origin: "https://nanum.example", "X-Forwarded-Host": "nanum.example" });
    expect(fromPublicOrigin.status).toBe(302);
    // A proxy that does not pass it on leaves the app unable to tell its own pages from others'.
    const hostLost = await postForm(`${server.url}/language`, { lang: "ko", redirectTo: "/" }, { Origin: "https://nanum.example" });
    expect(hostLost.status).toBe(403);
    await server.stop();
  });
});

describe("a data folder lock left behind", () => {
  it("takes over a lock left in the data folder by a process that no longer runs", async () => {
    const dataDir = makeTempDir();
    // A lock written by a process that no longer runs (Linux never hands out a pid as high as 2^22).
    fs.writeFileSync(path.join(dataDir, "nanum.lock"), JSON.stringify({ pid: 4_194_304, hostname: os.hostname(), holder: "a crashed server", since: new Date().toISOString() }));
    const server = await startServer({ dataDir });
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, "nanum.lock"), "utf8")).pid).toBe(server.child.pid);
    await server.stop();
  });
});
