import fs from "node:fs";
import path from "node:path";
import type { Locale } from "~/i18n/i18n";

/**
 * The built file holding each language's messages. The browser's entry script imports the page's
 * language before it hydrates (entry.client.tsx); named in the page's head as a modulepreload, it
 * downloads alongside the other scripts instead of after them. Found once at start in the entry
 * script the build wrote; none in tests, where no browser loads scripts.
 */
let chunks: Partial<Record<Locale, string>> = {};

export function findCatalogueChunks(build: { publicPath: string; assetsBuildDirectory: string; assets: { entry: { module: string } } }): void {
  const entry = build.assets.entry.module;
  const file = path.join(build.assetsBuildDirectory, path.posix.relative(build.publicPath, entry));
  const source = fs.readFileSync(file, "utf8");
  const found: Partial<Record<Locale, string>> = {};
  for (const match of source.matchAll(/["']([./\w-]*messages\.(ko|en)-[\w-]+\.js)["']/g)) {
    found[match[2] as Locale] = new URL(match[1]!, `http://build${entry}`).pathname;
  }
  chunks = found;
}

export function catalogueChunk(locale: Locale): string | null {
  return chunks[locale] ?? null;
}
