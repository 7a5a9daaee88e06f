import { createCookie } from "@remix-run/node";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "../i18n/i18n";

export const localeCookie = createCookie("nanum_lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** The highest-weighted language in Accept-Language that we have, if any. */
export function localeFromAcceptLanguage(header: string | null): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { language: tag.toLowerCase().split("-")[0], weight: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight);
  return ranked.map((entry) => entry.language).find((language): language is Locale => LOCALES.includes(language as Locale));
}

/** The language the reader picked with the switch, if any. */
export async function chosenLocale(request: Request): Promise<Locale | undefined> {
  const chosen = await localeCookie.parse(request.headers.get("Cookie"));
  return isLocale(chosen) ? chosen : undefined;
}

/**
 * Language switch (cookie), else a `lang` in the address (a personal link opened in the
 * invitee's language), else the browser's Accept-Language, else Korean.
 */
export async function resolveLocale(request: Request): Promise<Locale> {
  const chosen = await chosenLocale(request);
  if (chosen) return chosen;
  const asked = new URL(request.url).searchParams.get("lang");
  if (isLocale(asked)) return asked;
  return localeFromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE;
}
