import type { HeadersFunction } from "@remix-run/node";

/**
 * For organizers' printed lists (names, organizations, minors' full names): never indexed by a
 * search engine, never kept by a browser or proxy cache.
 */
export function privatePageMeta(title: string | undefined) {
  return [{ title: title ?? "Nanum" }, { name: "robots", content: "noindex, nofollow" }];
}

export const privatePageHeaders: HeadersFunction = () => ({ "Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow" });
