import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * Contrast of the colours the stylesheet names (WCAG 1.4.3 text 4.5:1, 1.4.11 controls and
 * focus 3:1), read from app/styles.css itself so a changed colour is checked at once. axe checks
 * the text it sees on each page; this covers the pairs it cannot see (focus rings, states).
 */
const css = fs.readFileSync(path.resolve(__dirname, "../../app/styles.css"), "utf8");
const root = /:root\s*\{([^}]*)\}/.exec(css)![1]!;
const vars = Object.fromEntries([...root.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})/g)].map(([, name, value]) => [name!, value!]));

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The colour a rule gives a property, e.g. rule(":focus-visible", "outline"). */
function ruleColour(selector: string, property: string): string {
  const rule = new RegExp(`(^|\\n)${selector.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\{([^}]*)\\}`).exec(css);
  expect(rule, selector).not.toBeNull();
  const declaration = new RegExp(`${property}:[^;]*?(#[0-9a-fA-F]{6}|var\\(--([\\w-]+)\\))`).exec(rule![2]!);
  expect(declaration, `${selector} ${property}`).not.toBeNull();
  return declaration![2] ? vars[declaration![2]]! : declaration![1]!;
}

describe("the stylesheet's colours", () => {
  it("measures contrast as WCAG does", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  it("gives text at least 4.5:1 on the backgrounds it sits on", () => {
    const pairs: Array<[string, string]> = [
      ["ink", "bg"],
      ["ink", "soft"],
      ["muted", "bg"],
      ["muted", "soft"],
      ["brand", "bg"],
      ["brand", "soft"],
      ["brand-ink", "brand"],
      ["danger", "bg"],
      ["ok", "bg"],
    ];
    for (const [text, background] of pairs) {
      expect(vars[text], text).toBeDefined();
      expect(contrast(vars[text]!, vars[background]!), `--${text} on --${background}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("gives form controls' edges and the focus ring at least 3:1 against the page", () => {
    const focus = ruleColour(":focus-visible", "outline");
    const inputEdge = ruleColour(".field input, .field textarea, .field select", "border");
    for (const background of [vars.bg!, vars.soft!]) {
      expect(contrast(focus, background), "focus ring").toBeGreaterThanOrEqual(3);
      expect(contrast(inputEdge, background), "input border").toBeGreaterThanOrEqual(3);
    }
  });

  it("stills every animation and transition for readers who ask for reduced motion", () => {
    const reduce = /@media \(prefers-reduced-motion: reduce\)\s*\{([\s\S]*?)\n\}/.exec(css);
    expect(reduce, "a prefers-reduced-motion: reduce block").not.toBeNull();
    expect(reduce![1]).toMatch(/\*, \*::before, \*::after \{[^}]*animation-duration: 0s !important[^}]*transition-duration: 0s !important/);
  });
});
