import { describe, expect, it } from "vitest";
import { catalogues } from "../../app/i18n/catalogues.server";
import { inLocale, translate } from "../../app/i18n/i18n";
import { localeFromAcceptLanguage } from "../../app/web/locale.server";

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

describe("message catalogues", () => {
  it("have the same keys in Korean and English", () => {
    expect(Object.keys(catalogues.en).sort()).toEqual(Object.keys(catalogues.ko).sort());
  });

  it("have no empty message and the same placeholders in both languages", () => {
    for (const key of Object.keys(catalogues.ko) as Array<keyof typeof catalogues.ko>) {
      expect(catalogues.ko[key].trim(), key).not.toBe("");
      expect(catalogues.en[key].trim(), key).not.toBe("");
      expect(placeholders(catalogues.en[key]), key).toEqual(placeholders(catalogues.ko[key]));
    }
  });

  it("fills placeholders", () => {
    expect(translate("en", "login.throttled", { minutes: 7 })).toBe("Too many failed logins. Please try again in 7 minutes.");
    expect(translate("ko", "login.throttled", { minutes: 7 })).toContain("7분");
  });

  it("falls back to the other language for content entered in one", () => {
    expect(inLocale("en", { ko: "파주", en: "" })).toBe("파주");
    expect(inLocale("ko", { ko: "", en: "Paju" })).toBe("Paju");
    expect(inLocale("en", { ko: "파주", en: "Paju" })).toBe("Paju");
  });
});

describe("Accept-Language", () => {
  it("picks the best language we have", () => {
    expect(localeFromAcceptLanguage("en-US,en;q=0.9,ko;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("ko-KR,ko;q=0.9,en-US;q=0.8")).toBe("ko");
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,en;q=0.5")).toBe("en");
    expect(localeFromAcceptLanguage("ko;q=0.2,en;q=0.7")).toBe("en");
    expect(localeFromAcceptLanguage("fr,de")).toBeUndefined();
    expect(localeFromAcceptLanguage(null)).toBeUndefined();
  });
});
