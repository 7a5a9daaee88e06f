import type { Locator, Page } from "playwright-core";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from "playwright-core";

/**
 * Debian's Chromium, driven by playwright-core. Nothing is downloaded: CHROMIUM_PATH or
 * /usr/bin/chromium must be there. The flags keep it from phoning home or updating itself;
 * `extraArgs` adds to them (a fake camera, host mappings).
 */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...extraArgs,
    ],
  });
}

export type BrowserLocale = "ko-KR" | "en-US";

/** A fresh browser profile (no cookies) whose Accept-Language is `locale`. */
export async function newContext(
  browser: Browser,
  baseURL: string,
  locale: BrowserLocale,
  options: Omit<BrowserContextOptions, "baseURL" | "locale"> = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ ...options, baseURL, locale });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/** A form field by its label; a required field's label ends in an asterisk that screen readers skip. */
export function fieldByLabel(page: Page, label: string): Locator {
  return page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\*?$`));
}
