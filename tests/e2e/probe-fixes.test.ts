/**
 * The outside probe's findings, tried again the way the probe did: raw HTTP to the built server
 * (forged Host headers, huge bodies, odd methods and content types) and Chromium following a
 * login redirect, with and without JavaScript.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { fieldByLabel } from "../helpers/browser";
import { withServerAndBrowser } from "../helpers/e2e";
import { logIn, postForm } from "../helpers/http";
import { spawnServer, waitForExit } from "../helpers/server";

const DEMO = { email: "demo@nanum.example", password: "nanum-demo-2025" };

const app = withServerAndBrowser({ smtp: true });

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with exactly the headers given (fetch would not let a test forge Host). */
function rawRequest(options: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port: app.server.port, method: options.method, path: options.path, headers: options.headers }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

/**
 * Starts sending `megabytes` of form body to `path`, as a client would, and resolves with the
 * status. The server answers a body it refuses as soon as it has the headers, so the client
 * waits briefly after its first piece; a server that waited for the whole body gets all of it.
 */
function hugeUpload(path: string, megabytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let status = 0;
    const request = http.request(
      {
        host: "127.0.0.1",
        port: app.server.port,
        method: "POST",
        path,
        agent: false,
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(megabytes * 1024 * 1024) },
      },
      (response) => {
        status = response.statusCode ?? 0;
        response.resume();
        response.on("end", () => resolve(status));
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => (status ? resolve(status) : ["ECONNRESET", "EPIPE"].includes(error.code ?? "") ? resolve(-1) : reject(error)));
    const chunk = Buffer.alloc(1024 * 1024, "a");
    let sent = 1;
    const pump = () => {
      while (sent < megabytes && !status) {
        sent += 1;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (!status) request.end();
    };
    request.write(chunk.subarray(0, 16 * 1024));
    setTimeout(() => {
      if (!status) request.write(chunk.subarray(16 * 1024));
      pump();
    }, 500);
  });
}

function residentMegabytes(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"))!;
  return Number(/(\d+)/.exec(line)![1]) / 1024;
}

async function waitForMail(count: number): Promise<void> {
  for (let i = 0; i < 100 && app.sink.received.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(app.sink.received.length).toBeGreaterThanOrEqual(count);
}

describe("links in emails", () => {
  it("never take the request's Host: a forged Host still gets a reset link on this server's own address", async () => {
    const before = app.sink.received.length;
    const answer = await rawRequest({
      method: "POST",
      path: "/forgot-password",
      headers: { Host: "evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: DEMO.email }).toString(),
    });
    expect(answer.status).toBeLessThan(400);
    await waitForMail(before + 1);
    const mail = app.sink.received[before]!;
    expect(mail.text).toMatch(new RegExp(`http://localhost:${app.server.port}/reset-password/[A-Za-z0-9_-]{43}`));
    expect(`${mail.text}${mail.html}`).not.toContain("evil.example");
  });
});

describe("where the server listens", () => {
  it("listens on loopback only without APP_URL", async () => {
    const outside = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && address.family === "IPv4" && !address.internal)?.address;
    expect(app.server.output()).toContain(`Nanum is ready at http://localhost:${app.server.port}`);
    if (!outside) return; // A machine with no other interface has nothing else to listen on.
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: outside, port: app.server.port }, () => (socket.destroy(), resolve(false)));
      socket.on("error", () => resolve(true));
    });
    expect(refused).toBe(true);
  });

  it("refuses to listen beyond this machine without APP_URL, saying so in one line", async () => {
    const refused = await spawnServer({ env: { HOST: "0.0.0.0" } });
    const exit = await waitForExit(refused);
    expect(exit.code).toBe(1);
    expect(exit.output.trim().split("\n")).toHaveLength(1);
    expect(exit.output).toMatch(/HOST=0\.0\.0\.0 .*APP_URL is required/);
  });

  it("stops with one line naming DATABASE_URL when the database server cannot be reached", async () => {
    const refused = await spawnServer({ env: { DATABASE_URL: "postgres://postgres@127.0.0.1:1/nanum", SESSION_SECRET: "x".repeat(40), APP_KEY: crypto.randomBytes(32).toString("base64") } });
    const exit = await waitForExit(refused);
    expect(exit.code).toBe(1);
    expect(exit.output.trim().split("\n")).toHaveLength(1);
    expect(exit.output).toContain("DATABASE_URL (127.0.0.1:1, database nanum): ECONNREFUSED");
  });
});

describe("requests refused before Remix reads them", () => {
  it("answers 413 to bodies over 1 MB at once, and the server's memory stays bounded", async () => {
    const pid = app.server.child.pid!;
    const before = residentMegabytes(pid);
    const statuses = await Promise.all([hugeUpload("/login", 50), ...Array.from({ length: 4 }, () => hugeUpload("/forgot-password", 50))]);
    expect(statuses).toEqual([413, 413, 413, 413, 413]);
    const after = residentMegabytes(pid);
    expect(after - before, `RSS went from ${before.toFixed(0)} MB to ${after.toFixed(0)} MB`).toBeLessThan(100);
    // The server still answers as usual.
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
  });

  it("answers 411 to a body without a length", async () => {
    const answer = await rawRequest({ method: "POST", path: "/login", headers: { "Transfer-Encoding": "chunked", "Content-Type": "application/x-www-form-urlencoded" }, body: "email=a" });
    expect(answer.status).toBe(411);
  });

  it("answers 405 to PUT, PATCH and DELETE, and runs no action", async () => {
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const answer = await rawRequest({ method, path: "/language", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "lang=en&redirectTo=/" });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe("GET, HEAD, POST");
      expect(answer.headers["set-cookie"]).toBeUndefined();
    }
  });

  it("answers 415 or 400, never 500, to a body a form cannot be read from", async () => {
    const post = (headers: Record<string, string>, body: string) => rawRequest({ method: "POST", path: "/login", headers, body });
    expect((await post({ "Content-Type": "text/plain" }, "email=a")).status).toBe(415);
    expect((await post({}, "email=a")).status).toBe(415);
    expect((await post({ "Content-Type": "application/json" }, JSON.stringify({ email: DEMO.email }))).status).toBe(400);
    expect((await post({ "Content-Type": "multipart/form-data; boundary=XYZ" }, "--XYZ\r\nbroken")).status).toBe(400);
    expect((await post({ "Content-Type": "multipart/form-data" }, "no boundary")).status).toBe(400);
  });

  it("puts the door's scan endpoint, answered before Express, through the same checks", async () => {
    const scan = (headers: Record<string, string>, body = JSON.stringify({ code: "ABCDEFGH" })) =>
      rawRequest({ method: "POST", path: "/checkin/no-such-event/scan", headers: { "Content-Type": "application/json", ...headers }, body });
    expect((await scan({ Origin: "http://evil.example" })).status).toBe(403);
    expect((await scan({ Origin: "null" })).status).toBe(403);
    expect((await scan({ "Content-Type": "text/plain" })).status).toBe(415);
    expect(await hugeUpload("/checkin/no-such-event/scan", 2)).toBe(413);
    const stranger = await scan({});
    expect(stranger.status).toBe(302);
    expect(stranger.headers.location).toBe("/login?redirectTo=%2Fcheckin%2Fno-such-event%2Fscan");
    expect(stranger.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("answers 400 to a NUL in the address", async () => {
    expect((await rawRequest({ method: "GET", path: "/e/%00" })).status).toBe(400);
  });

  it("answers 403, not 500, to an opaque Origin even when the browser says same-origin", async () => {
    const answer = await postForm(`${app.baseUrl}/language`, { lang: "en", redirectTo: "/" }, { Origin: "null", "Sec-Fetch-Site": "same-origin" });
    expect(answer.status).toBe(403);
  });

  it("logs a 404 or a 405 in one line, without a stack trace or the personal token", async () => {
    const start = app.server.output().length;
    expect((await fetch(`${app.baseUrl}/no-such-page`)).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/i/secret-token-of-someone/nothing-here`)).status).toBe(404);
    const home = await fetch(`${app.baseUrl}/`, { method: "POST", body: new URLSearchParams({ a: "b" }) });
    expect(home.status).toBe(405);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const logged = app.server.output().slice(start);
    expect(logged).not.toMatch(/"stack"|^\s+at /m);
    expect(logged).not.toContain("secret-token-of-someone");
    const lines = logged
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { method: string; path: string; status: number });
    expect(lines.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual(["GET /no-such-page 404", "GET /i/[redacted]/nothing-here 404", "POST / 405"]);
  });
});

describe("the redirect after login", () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`stays on this site for /%09/evil.example (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async () => {
      const context = await app.newContext("ko-KR", { javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`/login?redirectTo=${encodeURIComponent("/\t/evil.example/phish")}`);
      await fieldByLabel(page, "이메일").fill(DEMO.email);
      await fieldByLabel(page, "비밀번호").fill(DEMO.password);
      await page.getByRole("button", { name: "로그인" }).click();
      await page.waitForURL((url) => url.pathname === "/admin");
      expect(new URL(page.url()).origin).toBe(app.baseUrl);
      await context.close();
    });
  }

  it("answers a target with a newline or Hangul with a valid redirect, not a 500", async () => {
    for (const redirectTo of ["/admin\nSet-Cookie: x=y", "/admin/account?이름=김민지"]) {
      const answer = await postForm(`${app.baseUrl}/login`, { ...DEMO, redirectTo }, { Origin: app.baseUrl });
      expect(answer.status, redirectTo).toBe(302);
      expect(answer.headers.get("location")).toMatch(/^\/admin/);
    }
    expect((await logIn(app.baseUrl, DEMO.email, DEMO.password)).cookie).toBeDefined();
  });
});
