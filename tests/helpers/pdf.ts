import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { makeTempDir } from "./server";

const run = promisify(execFile);

/**
 * The text of each page of a PDF, as Poppler's pdftotext reads it (pages end in a form feed).
 * In -layout mode, because the default mode joins a line ending in "-" to the next one (it
 * takes it for a hyphenated word), and a link's token may end in "-". Runs of spaces, which
 * that mode adds to keep columns, become one.
 */
export async function pdfPages(file: string): Promise<string[]> {
  const { stdout } = await run("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"]);
  return stdout
    .split("\f")
    .slice(0, -1)
    .map((page) => page.replace(/[ \t]+/g, " "));
}

/** Prints the page as Chromium would to A4 and reads it back: the text of each page. */
export async function printedPages(page: Page, name: string): Promise<string[]> {
  const file = path.join(makeTempDir(), `${name}.pdf`);
  fs.writeFileSync(file, await page.pdf({ format: "A4" }));
  return pdfPages(file);
}
