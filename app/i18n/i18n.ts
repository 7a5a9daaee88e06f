import { useRouteLoaderData } from "@remix-run/react";
import * as onServer from "./catalogues.server";
import type { MessageKey } from "./messages.ko";

export type { MessageKey };
export const LOCALES = ["ko", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "ko";

/**
 * The messages at hand: on the server both languages; in the browser, where `.server` modules
 * are empty, only the page's language, registered by entry.client.tsx before the page hydrates
 * (the two catalogues are most of the scripts every page would otherwise download).
 */
const loaded: Partial<Record<Locale, Record<MessageKey, string>>> = { ...(onServer as Partial<typeof onServer>).catalogues };

export function registerCatalogue(locale: Locale, messages: Record<MessageKey, string>): void {
  loaded[locale] = messages;
}

/** Whether `locale`'s messages are at hand (in the browser: the language the page was loaded in). */
export function hasCatalogue(locale: Locale): boolean {
  return loaded[locale] !== undefined;
}

/** `locale`'s messages, else the ones at hand until the page reloads in its new language (see root.tsx). */
function catalogue(locale: Locale): Record<MessageKey, string> | undefined {
  return loaded[locale] ?? loaded.ko ?? loaded.en;
}

export function isLocale(value: unknown): value is Locale {
  return value === "ko" || value === "en";
}

export function isMessageKey(value: unknown): value is MessageKey {
  const messages = catalogue(DEFAULT_LOCALE);
  return typeof value === "string" && messages !== undefined && Object.hasOwn(messages, value);
}

/**
 * A message key kept as its literal type, checked against the catalogue by the compiler
 * (`{ error: messageKey("door.locked") }` in an action's answer, where a bare string would widen).
 */
export function messageKey<const K extends MessageKey>(key: K): K {
  return key;
}

export type MessageValues = Record<string, string | number>;

export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const template = catalogue(locale)?.[key] ?? key;
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
}

export type Translate = (key: MessageKey, values?: MessageValues) => string;

export function translator(locale: Locale): Translate {
  return (key, values) => translate(locale, key, values);
}

/** Content entered in two languages: the reader's, else the other one. */
export function inLocale(locale: Locale, texts: { ko: string; en: string }): string {
  const other: Locale = locale === "ko" ? "en" : "ko";
  return texts[locale].trim() !== "" ? texts[locale] : texts[other];
}

/** The page's language, decided by the root loader. */
export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale?: Locale }>("root");
  return isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE;
}

export function useT(): Translate {
  return translator(useLocale());
}
