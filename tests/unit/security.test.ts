import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "../../db/data-dir-lock";
import { safeRedirectPath } from "../../app/lib/auth.server";
import { ConfigError, loadConfig } from "../../app/lib/env.server";
import { isForeignMutation } from "../../app/lib/origin.server";
import { hashPassword, verifyPassword } from "../../app/lib/passwords.server";
import { slugify } from "../../app/domain/events.server";

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
    expect(isForeignMutation("POST", { origin: "https://nanum.example", host: "internal:3000" }, "https://nanum.example", "http")).toBe(false);
    expect(isForeignMutation("POST", { origin: "null", host }, undefined, "http")).toBe(true);
    expect(isForeignMutation("POST", { origin: "null", secFetchSite: "cross-site", host }, undefined, "http")).toBe(true);
    expect(isForeignMutation("POST", { origin: "null", secFetchSite: "same-origin", host }, undefined, "http")).toBe(false);
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
  it("does not ask command-line tools for SESSION_SECRET", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://localhost/nanum" }, { requireSessionSecret: false });
    expect(config.databaseUrl).toBe("postgres://localhost/nanum");
  });
});
