import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkedPages } from "../e2e/accessibility-pages";

const routesDir = path.resolve(__dirname, "../../app/routes");
const routeFiles = fs.readdirSync(routesDir).filter((file) => /\.tsx?$/.test(file));
const routeId = (file: string) => file.replace(/\.tsx?$/, "");

describe("the accessibility check's coverage", () => {
  it("opens every page route (a module with a page component) in the axe check", () => {
    const pages = routeFiles.filter((file) => /^export default /m.test(fs.readFileSync(path.join(routesDir, file), "utf8"))).map(routeId);
    const checked = new Set(checkedPages.map((page) => page.route));
    expect(pages.length).toBeGreaterThan(40);
    expect(pages.filter((route) => !checked.has(route))).toEqual([]);
  });

  it("names only routes that exist", () => {
    const routes = new Set(routeFiles.map(routeId));
    expect(checkedPages.map((page) => page.route).filter((route) => !routes.has(route))).toEqual([]);
  });
});
