import { useRouteLoaderData } from "@remix-run/react";
import { en } from "./messages.en";
import { ko, type MessageKey } from "./messages.ko";

export type { MessageKey };
export const LOCALES = ["ko", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "ko";

export const catalogues: Record<Locale, Record<MessageKey, string>> = { ko, en };

export function isLocale(value: unknown): value is Locale {
  return value === "ko" || value === "en";
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === "string" && Object.hasOwn(ko, value);
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
  const template = catalogues[locale][key];
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
