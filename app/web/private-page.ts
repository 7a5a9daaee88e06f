import type { HeadersFunction } from "@remix-run/node";

/**
 * For organizers' printed lists (names, organizations, minors' full names): never indexed by a
 * search engine, never kept by a browser or proxy cache.
 */
export function privatePageMeta(title: string | undefined) {
  return [{ title: title ?? "Nanum" }, { name: "robots", content: "noindex, nofollow" }];
}

/**
 * The same for every page that shows one person's or one event's own data: a guest's personal
 * pages, a door phone's, and everything under /admin (its layout's headers are inherited by every
 * admin page that sets none of its own). A shared device or proxy must not keep them.
 */
export const privatePageHeaders: HeadersFunction = () => ({ "Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow" });
