import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const appDir = path.resolve(__dirname, "../../app");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith(".tsx") ? [full] : [];
  });
}

describe("data tables", () => {
  // A screen reader announces a table by its caption (WCAG 1.3.1): every table says what it lists,
  // visibly or for screen readers only, and its column heads are <th scope="col">.
  it("open with a caption and head their columns", () => {
    const missing: string[] = [];
    let tables = 0;
    for (const file of sources(appDir)) {
      const source = fs.readFileSync(file, "utf8");
      for (const match of source.matchAll(/<table\b[^>]*>([\s\S]*?)<\/table>/g)) {
        tables++;
        const where = `${path.relative(appDir, file)}:${source.slice(0, match.index).split("\n").length}`;
        const body = match[1]!;
        if (!/^\s*(\{\/\*[\s\S]*?\*\/\}\s*)?<caption\b/.test(body)) missing.push(`${where}: no caption first`);
        if (/<thead\b/.test(body) && !/<th( colSpan=\{\d+\})? scope="col(group)?"/.test(body)) missing.push(`${where}: column heads without scope`);
      }
    }
    expect(tables).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });
});
