import type { Locator, Page, Response } from "playwright-core";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from "playwright-core";
import { DEMO_ORGANIZER } from "../../scripts/seed";

/**
 * Debian's Chromium, driven by playwright-core. Nothing is downloaded: CHROMIUM_PATH or
 * /usr/bin/chromium must be there. The flags keep it from phoning home or updating itself;
 * `extraArgs` adds to them (a fake camera, host mappings).
 */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", ...extraArgs],
  });
}

export type BrowserLocale = "ko-KR" | "en-US";

/** A fresh browser profile (no cookies) whose Accept-Language is `locale`. */
export async function newContext(browser: Browser, baseURL: string, locale: BrowserLocale, options: Omit<BrowserContextOptions, "baseURL" | "locale"> = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ ...options, baseURL, locale });
  context.on("response", checkForNul);
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/** A form field by its label; a required field's label ends in an asterisk that screen readers skip. */
export function fieldByLabel(page: Page, label: string): Locator {
  return page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\*?$`));
}

const nulFindings: string[] = [];
const pendingChecks = new Set<Promise<void>>();

/**
 * Every page and data answer a test's browser receives is checked for NUL bytes (a streaming
 * renderer once padded its buffers with them; in an attribute a browser turns each into U+FFFD,
 * and a saved form then corrupts Hangul). Static files and binary downloads are not the server's
 * rendering and are skipped.
 */
function checkForNul(response: Response): void {
  const kind = response.request().resourceType();
  if (kind !== "document" && kind !== "fetch" && kind !== "xhr") return;
  if (response.status() >= 300 && response.status() < 400) return;
  if (!/^(text\/|application\/(json|xml|xhtml))/.test(response.headers()["content-type"] ?? "")) return;
  const check = response
    .body()
    .then((body) => {
      const at = body.indexOf(0);
      if (at !== -1) nulFindings.push(`${response.url()}: NUL byte at offset ${at} of ${body.length}`);
    })
    // A body the browser already let go of (the page navigated or closed) cannot be read.
    .catch(() => undefined)
    .finally(() => pendingChecks.delete(check));
  pendingChecks.add(check);
}

/** The responses with a NUL byte seen since the last call (the e2e setup asserts there are none after each test). */
export async function takeNulFindings(): Promise<string[]> {
  await Promise.all(pendingChecks);
  return nulFindings.splice(0);
}

/** Signs in as the demo organizer on the login page and waits for their list of events. */
export async function signInAsDemoOrganizer(page: Page): Promise<void> {
  await page.goto("/login");
  await page.locator("input[name=email]").fill(DEMO_ORGANIZER.email);
  await page.locator("input[name=password]").fill(DEMO_ORGANIZER.password);
  await page.locator("main form button[type=submit]").click();
  await page.waitForURL((url) => url.pathname === "/admin");
}
