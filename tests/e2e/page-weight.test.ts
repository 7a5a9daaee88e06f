import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/server";

const run = promisify(execFile);

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

describe("what a phone downloads", () => {
  it("keeps the guest's page at or under 100 KB of gzipped scripts and the door scanner at or under 150 KB", async () => {
    // The bench itself, as `npm run -s bench:weight` runs it: the built server, the demo data, a real guest and the scanner.
    const { stdout } = await run(path.join(repoRoot, "node_modules", ".bin", "tsx"), ["bench/weight.ts"], { cwd: repoRoot, timeout: 120_000 });
    const figures = /^guest_js_gzip_kb=(\d+\.\d) scanner_js_gzip_kb=(\d+\.\d)\n$/.exec(stdout);
    expect(figures, stdout).not.toBeNull();
    expect(Number(figures![1])).toBeLessThanOrEqual(100);
    expect(Number(figures![2])).toBeLessThanOrEqual(150);
  });

  it("sends no zod to browsers: validation stays on the server", () => {
    // A schema built at the top level of a module the browser loads would bring the whole library.
    const withZod = filesUnder(path.join(repoRoot, "public", "build"))
      .filter((file) => file.endsWith(".js") && fs.readFileSync(file, "utf8").includes("ZodError"))
      .map((file) => path.relative(repoRoot, file));
    expect(withZod).toEqual([]);
  });
});
