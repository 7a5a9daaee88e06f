import { en } from "./messages.en";
import { ko, type MessageKey } from "./messages.ko";
import type { Locale } from "./i18n";

/**
 * Both languages' messages, for the server (pages, emails, exports). The browser never loads this
 * module: entry.client.tsx downloads only the page's language before it hydrates the page.
 */
export const catalogues: Record<Locale, Record<MessageKey, string>> = { ko, en };
