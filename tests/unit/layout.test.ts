import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The layout by product area (README, "Where things are"): imports point down only, from the
 * routes through web/, domain/ and components/ to lib/ and db/, and nothing imports in a circle.
 * The folders only say what a file is if these hold, so a change that breaks them fails here.
 */
const root = path.resolve(__dirname, "../..");
const sourceDirs = ["app", "db", "emails", "scripts"];
const extensions = [".ts", ".tsx"];

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return extensions.some((extension) => entry.name.endsWith(extension)) && !entry.name.endsWith(".d.ts") ? [relative] : [];
  });
}

function resolveSpecifier(specifier: string, importer: string): string | undefined {
  let base: string;
  if (specifier.startsWith("~/")) base = path.posix.join("app", specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(importer), specifier));
  else return undefined;
  const candidates = [base, ...extensions.map((extension) => base + extension), ...extensions.map((extension) => `${base}/index${extension}`)];
  return candidates.find((candidate) => fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile());
}

// Static imports and re-exports (`import … from`, `export … from`, `import "…"`) and dynamic `import("…")`.
const importPattern = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string): Edge[] {
  const source = fs.readFileSync(path.join(root, file), "utf8");
  const edges: Edge[] = [];
  for (const match of source.matchAll(importPattern)) {
    const specifier = match[3] ?? match[4]!;
    const target = resolveSpecifier(specifier, file);
    if (target && extensions.some((extension) => target.endsWith(extension))) edges.push({ from: file, to: target, typeOnly: Boolean(match[2]) });
  }
  return edges;
}

const files = sourceDirs.flatMap(sourceFiles);
const edges = files.flatMap(importsOf);
const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`);
const describeEdge = (edge: Edge) => `${edge.from} -> ${edge.to}`;

describe("the layout by product area", () => {
  it("finds the modules it checks", () => {
    // A broken file walk or import pattern would make every rule below pass vacuously.
    expect(files.length).toBeGreaterThan(150);
    expect(edges.filter((edge) => edge.from.startsWith("app/routes/")).length).toBeGreaterThan(300);
    expect(edges).toContainEqual({ from: "app/web/auth.server.ts", to: "app/domain/events/access.server.ts", typeOnly: false });
  });

  it.each([
    ["app/lib", ["app/domain", "app/web", "app/routes", "app/components", "app/scanner", "scripts"]],
    ["db", ["app", "emails", "scripts"]],
    ["app/domain", ["app/web", "app/routes", "app/components", "app/scanner", "scripts"]],
    ["emails", ["app/domain", "app/web", "app/routes", "app/components", "app/scanner", "scripts"]],
    ["app/web", ["app/routes", "app/components", "app/scanner", "scripts"]],
    ["app/components", ["app/routes", "app/web", "scripts"]],
    ["app/scanner", ["app/routes", "app/web", "scripts"]],
    ["app/i18n", ["app/domain", "app/web", "app/routes", "app/components", "app/scanner", "app/lib", "db", "scripts"]],
  ])("%s imports nothing from above it", (folder, forbidden) => {
    const upward = edges.filter((edge) => under(folder)(edge.from) && forbidden.some((above) => under(above)(edge.to)));
    expect(upward.map(describeEdge)).toEqual([]);
  });

  it("keeps server modules out of what the browser loads, but for types", () => {
    const browserSide = ["app/components", "app/scanner", "app/i18n"];
    // A .server module there (a page rendered on the server only, such as the letters) is never in the browser's bundle.
    const loadedByBrowser = (file: string) => browserSide.some((folder) => under(folder)(file)) && !/\.server\.tsx?$/.test(file);
    // But one, on purpose: the messages, empty in the browser, which loads the page's language itself (entry.client.tsx).
    const catalogues = (edge: Edge) => edge.from === "app/i18n/i18n.ts" && edge.to === "app/i18n/catalogues.server.ts";
    const leaks = edges.filter((edge) => loadedByBrowser(edge.from) && /\.server\.tsx?$/.test(edge.to) && !edge.typeOnly && !catalogues(edge));
    expect(leaks.map(describeEdge)).toEqual([]);
  });

  it("has no import cycles", () => {
    const next = new Map<string, string[]>();
    for (const edge of edges) if (!edge.typeOnly) next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, "open");
      stack.push(file);
      for (const target of next.get(file) ?? []) {
        if (state.get(target) === "open") cycles.push([...stack.slice(stack.indexOf(target)), target].join(" -> "));
        else if (!state.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, "done");
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it("lets the compiler check every message key (no casts to MessageKey)", () => {
    const casts = files.filter((file) => /\bas (Import)?MessageKey\b/.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(casts).toEqual([]);
  });

  it("keeps zod and server values out of page modules' top level, where the browser bundle would run them", () => {
    // Remix drops loaders and actions from the browser's copy of a route, not the module's top-level
    // statements: a schema there ships zod to phones, and a .server value there is undefined.
    const pages = files.filter((file) => file.startsWith("app/routes/") && file.endsWith(".tsx"));
    const offenders = pages.flatMap((file) => {
      const source = fs.readFileSync(path.join(root, file), "utf8");
      const serverNames = [...source.matchAll(/^import \{([^}]*)\} from "[^"]+\.server";/gm)].flatMap((match) =>
        match[1]!
          .split(",")
          .map((name) => name.trim())
          .filter((name) => name && !name.startsWith("type "))
          .map((name) => name.split(" as ").pop()!.trim()),
      );
      return source
        .split("\n")
        .filter((line) => /^(export )?const \w+/.test(line))
        .filter((line) => /\bz\./.test(line) || serverNames.some((name) => new RegExp(`\\b${name}\\b`).test(line.split("=").slice(1).join("="))))
        .map((line) => `${file}: ${line.slice(0, 80)}`);
    });
    expect(pages.length).toBeGreaterThan(40);
    expect(offenders).toEqual([]);
  });

  it("keeps route modules short: parse, call, answer (under 250 lines)", () => {
    const long = files
      .filter((file) => file.startsWith("app/routes/"))
      .map((file) => ({ file, lines: fs.readFileSync(path.join(root, file), "utf8").split("\n").length }))
      .filter(({ lines }) => lines >= 250);
    expect(long).toEqual([]);
  });

  it("lets pages that reload themselves keep what they show when the server does not answer, and not reload their layouts", () => {
    const routes = files.filter((file) => file.startsWith("app/routes/"));
    const reloading = routes.filter((file) => /\buse(Polling|LiveUpdates)\(/.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(reloading.length).toBeGreaterThanOrEqual(4);
    const missingClientLoader = reloading.filter((file) => !/export const clientLoader = keepPageWhenUnreachable\(\)/.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(missingClientLoader).toEqual([]);
    // The layouts above them (Remix's flat routes: each leading run of segments that names a
    // module, unless it ends in "_", which opts out of nesting), and the root.
    const layouts = new Set(["app/root.tsx"]);
    for (const file of reloading) {
      const segments = path.posix.basename(file, ".tsx").split(".");
      for (let i = 1; i < segments.length; i += 1) {
        if (segments[i - 1]!.endsWith("_")) continue;
        const layout = `app/routes/${segments.slice(0, i).join(".")}.tsx`;
        if (routes.includes(layout)) layouts.add(layout);
      }
    }
    const withLoader = [...layouts].filter((file) => /export (async )?function loader\b/.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(withLoader).toContain("app/routes/admin.tsx");
    const reloadingWithThem = withLoader.filter((file) => !/export const shouldRevalidate = skipLiveReloads;/.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(reloadingWithThem).toEqual([]);
  });
});
