import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppKey, appKeyOf, generateAppKey, isSealed, parseAppKey, UnsealError, useAppKey } from "../../app/lib/app-key.server";
import { ConfigError, loadConfig, newAppKeyFrom } from "../../app/lib/env.server";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nanum-app-key-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const SERVER = { DATABASE_URL: "postgres://localhost/nanum", SESSION_SECRET: "s".repeat(40) };

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a throw");
}

describe("sealing values with APP_KEY", () => {
  const key = generateAppKey("APP_KEY").key;
  const secret = crypto.randomBytes(48).toString("base64url");

  it("opens what it sealed, with the same binding", () => {
    const sealed = key.seal(secret, "event_signing_keys.private_key:7");
    expect(key.open(sealed, "event_signing_keys.private_key:7")).toBe(secret);
  });

  it("stores v1: and base64url of a 12-byte IV, a 16-byte tag and the ciphertext, and never the plain value", () => {
    const sealed = key.seal(secret, "b");
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(Buffer.from(sealed.slice(3), "base64url")).toHaveLength(12 + 16 + secret.length);
    expect(sealed).not.toContain(secret);
    expect(isSealed(sealed)).toBe(true);
    expect(isSealed(secret)).toBe(false);
  });

  it("seals the same value differently each time (a fresh IV)", () => {
    expect(key.seal(secret, "b")).not.toBe(key.seal(secret, "b"));
  });

  it("does not open under another key", () => {
    const sealed = key.seal(secret, "b");
    const other = generateAppKey("NEW_APP_KEY").key;
    expect(() => other.open(sealed, "b")).toThrow(UnsealError);
    expect(() => other.open(sealed, "b")).toThrow("b does not open under NEW_APP_KEY");
  });

  it("does not open with another row's binding (a value copied into another row)", () => {
    const sealed = key.seal(secret, "event_signing_keys.private_key:1");
    expect(() => key.open(sealed, "event_signing_keys.private_key:2")).toThrow(UnsealError);
    expect(() => key.open(sealed, "app_secrets.value:personal-link-key")).toThrow(UnsealError);
  });

  it("refuses any altered byte: IV, tag or ciphertext", () => {
    const sealed = key.seal(secret, "b");
    const bytes = Buffer.from(sealed.slice(3), "base64url");
    for (const at of [0, 11, 12, 27, 28, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[at] ^= 0x01;
      expect(() => key.open(`v1:${altered.toString("base64url")}`, "b"), `byte ${at}`).toThrow(UnsealError);
    }
    expect(() => key.open(`v1:${bytes.subarray(0, bytes.length - 1).toString("base64url")}`, "b")).toThrow(UnsealError);
  });

  it("never takes a plain or truncated value for a sealed one", () => {
    expect(() => key.open(secret, "b")).toThrow("b is not sealed");
    expect(() => key.open("v1:", "b")).toThrow(UnsealError);
    expect(() => key.open("v1:AAAA", "b")).toThrow(UnsealError);
    expect(() => key.open("v2:" + key.seal(secret, "b").slice(3), "b")).toThrow(UnsealError);
  });

  it("derives the cipher from the key's bytes alone: the same key text opens what another process sealed", () => {
    const { text, key: first } = generateAppKey("APP_KEY");
    const again = new AppKey(parseAppKey(text)!, "APP_KEY");
    expect(again.open(first.seal(secret, "b"), "b")).toBe(secret);
    expect(again.sameAs(first)).toBe(true);
    expect(again.sameAs(key)).toBe(false);
  });
});

describe("the APP_KEY's text", () => {
  it("takes 32 bytes as openssl's base64 (44 characters) or as base64url (43)", () => {
    const bytes = crypto.randomBytes(32);
    expect(parseAppKey(bytes.toString("base64"))).toEqual(bytes);
    expect(parseAppKey(`${bytes.toString("base64")}\n`)).toEqual(bytes);
    expect(parseAppKey(bytes.toString("base64url"))).toEqual(bytes);
    expect(parseAppKey(bytes.toString("base64").replace(/=$/, ""))).toEqual(bytes);
  });

  it("refuses anything else", () => {
    for (const text of ["", "x".repeat(32), crypto.randomBytes(31).toString("base64"), crypto.randomBytes(33).toString("base64"), crypto.randomBytes(32).toString("hex"), `${"A".repeat(42)}!=`]) {
      expect(parseAppKey(text), text).toBeNull();
    }
  });
});

describe("APP_KEY in the configuration", () => {
  it("is required with DATABASE_URL, in one line naming the variable and how to make one", () => {
    const text = message(() => loadConfig({ ...SERVER, DATA_DIR: tempDir() }));
    expect(text).toMatch(/^APP_KEY is required when DATABASE_URL is set: .*openssl rand -base64 32/);
    expect(text).not.toContain("\n");
    expect(() => loadConfig(SERVER)).toThrow(ConfigError);
  });

  it("names APP_KEY when it is not 32 bytes, without repeating the value", () => {
    const text = message(() => loadConfig({ ...SERVER, APP_KEY: "not-a-key-at-all-but-long-enough-to-look-like-one" }));
    expect(text).toMatch(/APP_KEY: must be 32 random bytes in base64/);
    expect(text).not.toContain("not-a-key-at-all");
  });

  it("takes APP_KEY from the environment and writes nothing to DATA_DIR with a server database", () => {
    const dir = tempDir();
    const { text } = generateAppKey("APP_KEY");
    const config = loadConfig({ ...SERVER, APP_KEY: text, DATA_DIR: dir });
    expect(config.appKey?.sameAs(new AppKey(parseAppKey(text)!, "APP_KEY"))).toBe(true);
    expect(config.appKey?.source).toBe("APP_KEY");
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("is generated once into DATA_DIR on the embedded database, readable by its owner only", () => {
    const dir = tempDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(second.appKey!.sameAs(first.appKey!)).toBe(true);
    const file = path.join(dir, "app-key");
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(parseAppKey(fs.readFileSync(file, "utf8"))).toHaveLength(32);
    expect(first.appKey!.source).toBe(`APP_KEY (${file})`);
  });

  it("refuses a DATA_DIR/app-key that holds no key, naming the file", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "app-key"), "garbage\n");
    expect(() => loadConfig({ DATA_DIR: dir })).toThrow(new RegExp(`^${path.join(dir, "app-key")} does not hold an APP_KEY`));
  });

  it("checks NEW_APP_KEY, for keys:rotate, like APP_KEY", () => {
    expect(newAppKeyFrom({})).toBeUndefined();
    expect(() => newAppKeyFrom({ NEW_APP_KEY: "short" })).toThrow(/^NEW_APP_KEY must be 32 random bytes/);
    const { text } = generateAppKey("x");
    expect(newAppKeyFrom({ NEW_APP_KEY: text })?.key.source).toBe("NEW_APP_KEY");
  });
});

describe("the key a database's stored keys are sealed under", () => {
  it("is the one given for that database, and none for another", async () => {
    const open = () => new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: "postgres://nobody@127.0.0.1:1/none" }) }) });
    const one = open();
    const other = open();
    const key = generateAppKey("APP_KEY").key;
    useAppKey(one, key);
    expect(appKeyOf(one)).toBe(key);
    expect(() => appKeyOf(other)).toThrow(/No APP_KEY was given for this database/);
    await Promise.all([one.destroy(), other.destroy()]);
  });
});
