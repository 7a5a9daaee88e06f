/**
 * Live arrivals: a check-in made through one instance shows on the arrivals page and the MC's
 * list open on another within a second (LISTEN/NOTIFY between the instances, Server-Sent Events
 * to the browser), and the pages still follow arrivals by polling when the stream is refused or
 * dropped. The delays are measured from just before the scan is posted to the moment the name
 * is in the page (a MutationObserver in the page notes the time), and printed.
 */
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateAppKey, useAppKey } from "../../app/lib/app-key.server";
import { openServerDatabase } from "../../db/connect";
import type { Database } from "../../db/schema";
import { DEMO_ORGANIZER } from "../../scripts/seed";
import { launchBrowser, newContext } from "../helpers/browser";
import { attendingGuests, type AttendingGuest } from "../helpers/demo";
import { withServerAndBrowser } from "../helpers/e2e";
import { logIn } from "../helpers/http";
import { cleanUp, runCli, startServer, type EnvOverrides, type ServerProcess } from "../helpers/server";

const adminUrl = process.env.TEST_DATABASE_URL;

/** Where a name shows once the guest is in: the arrivals page's latest arrivals, or the MC's list. */
type Region = "recent" | "intro";

/** `count` attending guests with tickets; the last `vips` of them guests of honour (only arrived ones are on the MC's list). */
async function guestsFor(db: Kysely<Database>, count: number, vips: number): Promise<AttendingGuest[]> {
  const guests = await attendingGuests(db, count);
  await db
    .updateTable("invitees")
    .set({ is_vip: false })
    .where(
      "id",
      "in",
      guests.map((guest) => guest.inviteeId),
    )
    .execute();
  const honoured = guests.slice(count - vips).map((guest) => guest.inviteeId);
  if (honoured.length > 0) await db.updateTable("invitees").set({ is_vip: true }).where("id", "in", honoured).execute();
  return guests;
}

/** A browser profile signed in as the demo organizer on `baseUrl`. */
async function organizerContext(browser: Browser, baseUrl: string, cookie: string, options: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const context = await newContext(browser, baseUrl, "ko-KR", options);
  const [name, ...value] = cookie.split("=");
  await context.addCookies([{ name: name!, value: value.join("="), url: baseUrl }]);
  return context;
}

/** Opens the page and waits until its event stream is open. */
async function openLive(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator('.live-status[data-live="live"]').waitFor();
}

/** Starts noting, in the page, the moment `name` appears in `region`. */
async function watchFor(page: Page, region: Region, name: string): Promise<void> {
  const already = await page.evaluate(
    ([region, name]) => {
      const area = () =>
        region === "intro" ? document.querySelector(".vip-intro__list") : ([...document.querySelectorAll("caption")].find((caption) => caption.textContent === "최근 입장")?.closest("table") ?? null);
      const seen = ((window as unknown as { seenAt?: Record<string, number> }).seenAt ??= {});
      const check = () => {
        if (!area()?.textContent?.includes(name)) return false;
        seen[name] = Date.now();
        observer.disconnect();
        return true;
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      return check();
    },
    [region, name] as const,
  );
  if (already) throw new Error(`${name} is on the page before their check-in`);
}

/** When (Date.now() in the page) `name` appeared, waiting up to `timeout`. */
async function seenAt(page: Page, name: string, timeout: number): Promise<number> {
  const handle = await page.waitForFunction((name) => (window as unknown as { seenAt?: Record<string, number> }).seenAt?.[name], name, { timeout });
  return (await handle.jsonValue()) as number;
}

/** Posts a scan of the guest's ticket as door staff's phone does. */
async function scan(baseUrl: string, cookie: string, guest: AttendingGuest): Promise<void> {
  const response = await fetch(`${baseUrl}/checkin/${guest.slug}/scan`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookie, Origin: baseUrl },
    body: JSON.stringify({ payload: guest.payload, entrance: "정문" }),
  });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { result: string }).result).toBe("welcome");
}

/** Milliseconds from posting the scan through `scanThrough` until the name is on `page`. */
async function arrivalDelay(page: Page, region: Region, scanThrough: string, cookie: string, guest: AttendingGuest, timeout = 5_000): Promise<number> {
  await watchFor(page, region, guest.name);
  const started = Date.now();
  await scan(scanThrough, cookie, guest);
  return (await seenAt(page, guest.name, timeout)) - started;
}

function summary(label: string, delays: number[]): string {
  const sorted = [...delays].sort((a, b) => a - b);
  return `${label}: samples=${sorted.length} min_ms=${sorted[0]} median_ms=${sorted[Math.floor(sorted.length / 2)]} max_ms=${sorted.at(-1)} (${delays.join(", ")})`;
}

describe("one instance on the embedded database", () => {
  const app = withServerAndBrowser({ prepare: (db) => guestsFor(db, 6, 2) });
  let cookie: string;
  let taken = 0;
  const next = () => app.prepared[taken++]!;

  beforeAll(async () => {
    cookie = (await logIn(app.baseUrl, DEMO_ORGANIZER.email, DEMO_ORGANIZER.password)).cookie!;
  });

  it("shows each check-in on the arrivals page within a second", async () => {
    const page = await (await organizerContext(app.browser, app.baseUrl, cookie)).newPage();
    await openLive(page, `${app.prepared[0]!.eventPath}/arrivals`);
    expect(await page.locator(".live-status").textContent()).toBe("실시간: 입장하는 대로 바로 반영됩니다.");
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) delays.push(await arrivalDelay(page, "recent", app.baseUrl, cookie, next()));
    console.log(summary("live arrivals, embedded, same instance", delays));
    for (const delay of delays) {
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThan(1_000);
    }
  });

  it("keeps the MC's list current without JavaScript, by reloading itself", async () => {
    const context = await organizerContext(app.browser, app.baseUrl, cookie, { javaScriptEnabled: false });
    const page = await context.newPage();
    const guest = app.prepared.at(-1)!;
    await page.goto(`${guest.eventPath}/arrivals/vip-intro`);
    await expect(page.locator(".vip-intro__list").getByText(guest.name).count()).resolves.toBe(0);
    await scan(app.baseUrl, cookie, guest);
    // The page's own refresh (every 15 s), nothing the test does.
    await page.locator(".vip-intro__list").getByText(guest.name).waitFor({ timeout: 20_000 });
  });
});

describe.skipIf(!adminUrl)("two instances on one PostgreSQL server", () => {
  const database = `nanum_e2e_live_${crypto.randomBytes(4).toString("hex")}`;
  let env: EnvOverrides;
  let first: ServerProcess;
  let second: ServerProcess;
  let browser: Browser;
  let cookie: string;
  let guests: AttendingGuest[];
  let taken = 0;
  const next = () => guests[taken++]!;
  const vips: AttendingGuest[] = [];

  const onServer = async (statement: string) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };

  beforeAll(async () => {
    await onServer(`create database "${database}"`);
    const url = Object.assign(new URL(adminUrl!), { pathname: `/${database}` }).toString();
    const appKey = generateAppKey("APP_KEY");
    env = { DATABASE_URL: url, SESSION_SECRET: crypto.randomBytes(32).toString("base64url"), APP_KEY: appKey.text };
    const seeded = await runCli("seed", [], env);
    expect(seeded.code, seeded.stderr).toBe(0);
    const handle = await openServerDatabase(url);
    useAppKey(handle.db, appKey.key);
    try {
      guests = await guestsFor(handle.db, 13, 3);
    } finally {
      await handle.close();
    }
    vips.push(...guests.splice(10));
    [first, second] = [await startServer({ env }), await startServer({ env })];
    cookie = (await logIn(first.url, DEMO_ORGANIZER.email, DEMO_ORGANIZER.password)).cookie!;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await cleanUp();
    await onServer(`drop database if exists "${database}" with (force)`);
  });

  it("shows a scan made through the second instance on the first one's arrivals page within a second", async () => {
    const page = await (await organizerContext(browser, first.url, cookie)).newPage();
    await openLive(page, `${guests[0]!.eventPath}/arrivals`);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) delays.push(await arrivalDelay(page, "recent", second.url, cookie, next()));
    console.log(summary("live arrivals, two instances on PostgreSQL, arrivals page", delays));
    for (const delay of delays) {
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThan(1_000);
    }
  });

  it("shows a guest of honour scanned through the second instance on the MC's list on the first within a second", async () => {
    const page = await (await organizerContext(browser, first.url, cookie)).newPage();
    await openLive(page, `${vips[0]!.eventPath}/arrivals/vip-intro`);
    const delays: number[] = [];
    for (const vip of vips) delays.push(await arrivalDelay(page, "intro", second.url, cookie, vip));
    console.log(summary("live arrivals, two instances on PostgreSQL, MC's list", delays));
    for (const delay of delays) {
      expect(delay).toBeGreaterThan(0);
      expect(delay).toBeLessThan(1_000);
    }
  });

  it("falls back to polling every 5 seconds when the stream is refused", async () => {
    const context = await organizerContext(browser, first.url, cookie);
    // As a proxy that does not pass event streams would: the stream never opens.
    await context.route("**/arrivals/stream", (route) => route.abort("connectionrefused"));
    const page = await context.newPage();
    await page.goto(`${guests[0]!.eventPath}/arrivals`);
    await page.locator('.live-status[data-live="polling"]').waitFor();
    expect(await page.locator(".live-status").textContent()).toBe("실시간 연결이 되지 않아 5초마다 새로 고칩니다.");
    const delay = await arrivalDelay(page, "recent", second.url, cookie, next(), 10_000);
    console.log(`live arrivals, stream refused, polling: delay_ms=${delay}`);
    expect(delay).toBeLessThan(7_000);
  });

  it("ends its streams on SIGTERM without waiting for them, keeps the page through a reload that fails, and follows again once the instance is back", async () => {
    const page = await (await organizerContext(browser, first.url, cookie)).newPage();
    await openLive(page, `${guests[0]!.eventPath}/arrivals`);
    // A scan makes the page reload; that reload is held here until the instance has stopped, so it
    // fails on the network, as one does on a phone that sent it a moment too late.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const reloads: string[] = [];
    await page.route(/\.data(\?|$)/, async (route) => {
      reloads.push(route.request().url());
      await held;
      await route.continue().catch(() => undefined);
    });
    const reloadFailed = page.waitForEvent("requestfailed", (request) => /\.data(\?|$)/.test(request.url()));
    const arrived = next();
    await scan(second.url, cookie, arrived);
    await expect.poll(() => reloads.length, { timeout: 10_000 }).toBeGreaterThan(0);
    // Only the page's own data: the layouts above it (language, who is signed in) are not asked again.
    expect(reloads.every((url) => new URL(url).searchParams.get("_routes") === "routes/admin.events.$eventId.arrivals._index")).toBe(true);

    const stopping = performance.now();
    const exit = await first.stop();
    const stopMs = Math.round(performance.now() - stopping);
    expect(exit.code).toBe(0);
    // The grace period for requests in flight is 10 s: an open stream must not hold the exit that long.
    expect(stopMs).toBeLessThan(5_000);
    release();
    await reloadFailed;
    await page.unroute(/\.data(\?|$)/);
    await page.locator('.live-status[data-live="polling"]').waitFor({ timeout: 30_000 });
    // The lists are still there (not an error page). Whether the arrival shows depends on which
    // reload got through before the stop (the stream may announce it twice), so it is not asserted.
    await expect(page.getByRole("heading", { level: 1, name: "현장 입장 현황" }).count()).resolves.toBe(1);

    first = await startServer({ env, port: first.port });
    // The browser reconnects on its own (the stream said: retry after 2 s).
    await page.locator('.live-status[data-live="live"]').waitFor({ timeout: 45_000 });
    const delay = await arrivalDelay(page, "recent", second.url, cookie, next());
    console.log(`live arrivals, after a restart: stop_ms=${stopMs} delay_ms=${delay}`);
    expect(delay).toBeLessThan(1_000);
  });
});
