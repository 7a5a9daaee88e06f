import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { makeTempDir } from "./server";

const run = promisify(execFile);

/** The text of each page of a PDF as poppler's pdftotext lays it out, runs of spaces made one. */
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
