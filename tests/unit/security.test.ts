import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "../../db/data-dir-lock";
import { safeRedirectPath } from "../../app/web/auth.server";
import { ConfigError, loadConfig } from "../../app/lib/env.server";
import { idField, jsonId, parseForm, requiredText, text } from "../../app/lib/forms.server";
import { z } from "zod";
import { idParam, parseId } from "../../app/lib/ids";
import { isForeignMutation } from "../../app/web/origin.server";
import { MAX_BODY_BYTES, MAX_IMPORT_BODY_BYTES, refuseRequest } from "../../app/web/request-guard.server";
import { hashPassword, verifyPassword } from "../../app/lib/passwords.server";
import { slugify } from "../../app/domain/events/events.server";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanum-unit-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("cross-site request refusal", () => {
  const host = "localhost:3000";
  it("refuses a POST from a foreign origin and accepts our own", () => {
    expect(isForeignMutation("POST", { origin: "http://evil.example", host }, undefined, "http")).toBe(true);
    expect(isForeignMutation("POST", { origin: "http://localhost:3000", host }, undefined, "http")).toBe(false);
    // Behind a proxy that keeps the public host (Host or X-Forwarded-Host), APP_URL's origin is ours.
    expect(isForeignMutation("POST", { origin: "https://nanum.example", host: "nanum.example" }, "https://nanum.example", "http")).toBe(false);
    expect(isForeignMutation("POST", { origin: "https://nanum.example", host: "internal:3000", forwardedHost: "nanum.example" }, "https://nanum.example", "http")).toBe(false);
    expect(isForeignMutation("POST", { origin: "null", host }, undefined, "http")).toBe(true);
    expect(isForeignMutation("POST", { origin: "null", secFetchSite: "cross-site", host }, undefined, "http")).toBe(true);
  });
  it("refuses with 403 what Remix would abort with a 500: an opaque origin, or an Origin that is not the host Remix compares", () => {
    expect(isForeignMutation("POST", { origin: "null", secFetchSite: "same-origin", host }, undefined, "http")).toBe(true);
    expect(isForeignMutation("POST", { origin: "https://nanum.example", host: "internal:3000" }, "https://nanum.example", "http")).toBe(true);
    expect(isForeignMutation("POST", { origin: "http://localhost:3000", host, forwardedHost: "evil.example" }, undefined, "http")).toBe(true);
  });
  it("refuses a cross-site fetch without Origin but lets reads and header-less clients through", () => {
    expect(isForeignMutation("POST", { secFetchSite: "cross-site", host }, undefined, "http")).toBe(true);
    expect(isForeignMutation("POST", { host }, undefined, "http")).toBe(false);
    expect(isForeignMutation("GET", { origin: "http://evil.example", host }, undefined, "http")).toBe(false);
  });
});

describe("redirect targets", () => {
  it("only allows paths on this site", () => {
    expect(safeRedirectPath("/admin/events/3")).toBe("/admin/events/3");
    expect(safeRedirectPath("https://evil.example")).toBe("/admin");
    expect(safeRedirectPath("//evil.example")).toBe("/admin");
    expect(safeRedirectPath(null, "/")).toBe("/");
  });
  it("refuses targets a browser would read as another site: tabs, newlines and backslashes", () => {
    for (const target of ["/\t/evil.example/phish", "/\n/evil.example", "/\r//evil.example", "/\\evil.example", "/\u0000x", "/a\u0085b"]) {
      expect(safeRedirectPath(target)).toBe("/admin");
    }
  });
  it("answers a path that is always a valid Location header", () => {
    expect(safeRedirectPath("/admin/events?q=김민지#list")).toBe("/admin/events?q=%EA%B9%80%EB%AF%BC%EC%A7%80#list");
    expect(safeRedirectPath("/admin/../admin/account")).toBe("/admin/account");
    expect(safeRedirectPath("/%09/evil.example")).toBe("/%09/evil.example");
  });
});

describe("what the server refuses before Remix reads a request", () => {
  const form = { contentType: "application/x-www-form-urlencoded" };
  it("answers 405 to methods no page takes", () => {
    for (const method of ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]) expect(refuseRequest(method, "/login", form)?.status).toBe(405);
    expect(refuseRequest("PUT", "/login", form)?.headers).toEqual({ Allow: "GET, HEAD, POST" });
    expect(refuseRequest("GET", "/login", {})).toBeNull();
    expect(refuseRequest("HEAD", "/", {})).toBeNull();
  });
  it("answers 413 to a body over 1 MB, except an import's file up to 5 MB", () => {
    expect(refuseRequest("POST", "/login", { ...form, contentLength: String(MAX_BODY_BYTES + 1) })?.status).toBe(413);
    expect(refuseRequest("POST", "/login", { ...form, contentLength: String(MAX_BODY_BYTES) })).toBeNull();
    const multipart = { contentType: "multipart/form-data; boundary=x", contentLength: String(5 * 1024 * 1024) };
    expect(refuseRequest("POST", "/admin/events/3/invitees/import", multipart)).toBeNull();
    expect(refuseRequest("POST", "/admin/events/3/awards/import?category=2", multipart)).toBeNull();
    expect(refuseRequest("POST", "/admin/events/3/invitees/import", { ...multipart, contentLength: String(MAX_IMPORT_BODY_BYTES + 1) })?.status).toBe(413);
    expect(refuseRequest("POST", "/admin/events/3/invitees", multipart)?.status).toBe(413);
  });
  it("answers 411 to a body without a length, and 415 to a body of a kind no action reads", () => {
    expect(refuseRequest("POST", "/login", { ...form, transferEncoding: "chunked" })?.status).toBe(411);
    expect(refuseRequest("POST", "/login", { contentType: "text/plain", contentLength: "10" })?.status).toBe(415);
    expect(refuseRequest("POST", "/login", { contentLength: "10" })?.status).toBe(415);
    expect(refuseRequest("POST", "/checkin/x/scan", { contentType: "application/json; charset=utf-8", contentLength: "10" })).toBeNull();
    expect(refuseRequest("POST", "/logout", { contentLength: "0" })).toBeNull();
  });
  it("answers 400 to an address holding a NUL", () => {
    expect(refuseRequest("GET", "/admin/events/3/invitees?q=%00", {})?.status).toBe(400);
    expect(refuseRequest("GET", "/e/%00", {})?.status).toBe(400);
  });
});

describe("free text in forms", () => {
  it("refuses a NUL with a field error and drops bidirectional controls", () => {
    expect(text(100).safeParse("파\u0000주시").error?.issues[0]?.message).toBe("error.nul");
    expect(requiredText(100).safeParse("김\u0000").error?.issues[0]?.message).toBe("error.nul");
    expect(text(100).parse(" \u202Egnp.exe\u202C 김민지 ")).toBe("gnp.exe 김민지");
    expect(requiredText(10).safeParse(" \u202E ").error?.issues[0]?.message).toBe("error.required");
  });
});

describe("reading a submitted form", () => {
  it("keeps every value of a repeated name, in order, and a single one as a string", () => {
    const form = new FormData();
    form.append("name", "김민지");
    for (const id of ["3", "1", "2"]) form.append("ids", id);
    const schema = z.object({ name: requiredText(50), ids: z.array(idField) });
    expect(parseForm(schema, form)).toEqual({ success: true, data: { name: "김민지", ids: [3, 1, 2] } });
    const once = new FormData();
    once.append("name", "");
    once.append("ids", "7");
    const failed = parseForm(z.object({ name: requiredText(50), ids: z.string() }), once);
    expect(failed).toMatchObject({ success: false, errors: { name: "error.required" }, values: { name: "", ids: "7" } });
  });
});

describe("database ids", () => {
  it("takes whole numbers from 1 to PostgreSQL's integer maximum and nothing else", () => {
    expect(parseId("2147483647")).toBe(2_147_483_647);
    expect(parseId(42)).toBe(42);
    for (const value of ["2147483648", "99999999999", "0", "-1", "1.5", "1e3", " 7", "07", "", null, undefined, 2_147_483_648, 1.5]) {
      expect(parseId(value)).toBeNull();
    }
    expect(() => idParam("2147483648")).toThrow(Response);
    expect(idField.safeParse("2147483648").success).toBe(false);
    expect(jsonId.safeParse(2_147_483_648).success).toBe(false);
  });
});

describe("configuration", () => {
  it("requires SESSION_SECRET with DATABASE_URL, naming the variable", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://localhost/nanum", DATA_DIR: tempDir() })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ DATABASE_URL: "postgres://localhost/nanum", SESSION_SECRET: "short" })).toThrow(ConfigError);
  });
  it("names a bad variable", () => {
    expect(() => loadConfig({ PORT: "eighty", DATA_DIR: tempDir() })).toThrow(/PORT/);
    expect(() => loadConfig({ APP_URL: "localhost", DATA_DIR: tempDir() })).toThrow(/APP_URL/);
  });
  it("generates the embedded session secret once and keeps it in DATA_DIR", () => {
    const dir = tempDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(43);
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(fs.statSync(path.join(dir, "session-secret")).mode & 0o077).toBe(0);
  });
  it("makes cookies Secure only when APP_URL is https, not because NODE_ENV is production", () => {
    const dir = tempDir();
    expect(loadConfig({ DATA_DIR: dir, NODE_ENV: "production" }).secureCookies).toBe(false);
    expect(loadConfig({ DATA_DIR: dir, APP_URL: "http://192.168.0.10:3000" }).secureCookies).toBe(false);
    expect(loadConfig({ DATA_DIR: dir, APP_URL: "https://nanum.example/" })).toMatchObject({ secureCookies: true, appUrl: "https://nanum.example" });
  });
  it("points links at APP_URL, else at this machine, and listens on loopback unless told otherwise", () => {
    const dir = tempDir();
    expect(loadConfig({ DATA_DIR: dir, PORT: "3100" })).toMatchObject({ host: "127.0.0.1", publicOrigin: "http://localhost:3100" });
    expect(loadConfig({ DATA_DIR: dir, APP_URL: "https://nanum.example.go.kr/", HOST: "0.0.0.0" })).toMatchObject({ host: "0.0.0.0", publicOrigin: "https://nanum.example.go.kr" });
    expect(loadConfig({ DATA_DIR: dir, HOST: "::1" }).host).toBe("::1");
    expect(loadConfig({ DATA_DIR: dir, HOST: "localhost" }).host).toBe("localhost");
  });
  it("refuses to listen beyond this machine without APP_URL, in one line naming both", () => {
    for (const host of ["0.0.0.0", "::", "192.168.0.10"]) {
      expect(() => loadConfig({ DATA_DIR: tempDir(), HOST: host })).toThrow(ConfigError);
      try {
        loadConfig({ DATA_DIR: tempDir(), HOST: host });
      } catch (error) {
        expect((error as Error).message).toMatch(/^HOST=.* APP_URL is required/);
        expect((error as Error).message).not.toContain("\n");
      }
    }
  });
});

describe("data folder lock", () => {
  it("refuses a second holder with a message saying what to do, and frees on release", () => {
    const dir = tempDir();
    const lock = lockDataDir(dir, "first");
    expect(() => lockDataDir(dir, "second")).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir, "second")).toThrow(/in use by "first".*\n.*Stop it first/);
    lock.release();
    lockDataDir(dir, "third").release();
  });
  it("takes over a lock left by a process that is gone", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "nanum.lock"), JSON.stringify({ pid: 2 ** 22 + 12345, hostname: os.hostname(), holder: "crashed", since: "" }));
    const lock = lockDataDir(dir, "new");
    expect(JSON.parse(fs.readFileSync(path.join(dir, "nanum.lock"), "utf8")).pid).toBe(process.pid);
    lock.release();
  });
});

describe("passwords and slugs", () => {
  it("hashes with a salt and verifies", async () => {
    const a = await hashPassword("same password");
    const b = await hashPassword("same password");
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password", a)).toBe(true);
    expect(await verifyPassword("other password", a)).toBe(false);
    expect(await verifyPassword("same password", "garbage")).toBe(false);
  });
  it("makes URL slugs from titles", () => {
    expect(slugify("2025 Paju City — Performance Sharing!")).toBe("2025-paju-city-performance-sharing");
    expect(slugify("파주시 성과공유회")).toBe("");
  });
});

describe("configuration for command-line tools", () => {
  it("does not ask command-line tools for SESSION_SECRET, nor for APP_KEY when they touch no stored key", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://localhost/nanum" }, { requireSessionSecret: false, requireAppKey: false });
    expect(config.databaseUrl).toBe("postgres://localhost/nanum");
    expect(config.appKey).toBeUndefined();
    expect(() => loadConfig({ DATABASE_URL: "postgres://localhost/nanum" }, { requireSessionSecret: false })).toThrow(/^APP_KEY is required when DATABASE_URL is set/);
  });
});
