/** The review's words for the records' vocabulary, shared by the page and its export. */
import type { AccessAction } from "../../../db/schema";
import { messageKey, type MessageKey } from "../../i18n/i18n";

export const ACCESS_ACTIONS = ["list", "search", "view", "create", "update", "delete", "import", "export", "print", "scan", "walk_in", "purge"] as const satisfies readonly AccessAction[];

/** More people than this downloaded or printed by one account in one day is flagged. */
export const BULK_DAILY_LIMIT = 1_000;

export const accessActionLabel: Record<AccessAction, MessageKey> = {
  list: messageKey("accessLog.action.list"),
  search: messageKey("accessLog.action.search"),
  view: messageKey("accessLog.action.view"),
  create: messageKey("accessLog.action.create"),
  update: messageKey("accessLog.action.update"),
  delete: messageKey("accessLog.action.delete"),
  import: messageKey("accessLog.action.import"),
  export: messageKey("accessLog.action.export"),
  print: messageKey("accessLog.action.print"),
  scan: messageKey("accessLog.action.scan"),
  walk_in: messageKey("accessLog.action.walk_in"),
  purge: messageKey("accessLog.action.purge"),
};

/** A record's filter as one line of text: `key=value` pairs, in a fixed order. */
export function filterText(filter: Record<string, string | number | boolean> | null): string {
  if (!filter) return "";
  return Object.keys(filter)
    .sort()
    .map((key) => `${key}=${String(filter[key])}`)
    .join(", ");
}
