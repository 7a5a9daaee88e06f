/**
 * Long lists (invitees, attendees, the outbox) are shown a page at a time: a list of 10,000 was
 * 6–10 MB of HTML and over a second to render. The page is part of the address (`?page=`), with
 * the search and filters beside it, so a page can be bookmarked, shared and reloaded.
 */
export const PAGE_SIZE = 100;

export interface PageInfo {
  /** 1-based, clamped to the pages there are. */
  page: number;
  pageSize: number;
  /** Every row that matches the filters, on all pages. */
  total: number;
  pageCount: number;
  /** 1-based positions of the first and last row shown (0 and 0 when nothing matches). */
  first: number;
  last: number;
  offset: number;
}

/** Where `requested` falls among `total` rows; a page past the end shows the last one. */
export function pageInfo(total: number, requested: number, pageSize = PAGE_SIZE): PageInfo {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, requested), pageCount);
  const offset = (page - 1) * pageSize;
  return { page, pageSize, total, pageCount, offset, first: total === 0 ? 0 : offset + 1, last: Math.min(total, offset + pageSize) };
}

/**
 * The page numbers a pager offers: the first, the last, and two either side of the current one,
 * with null where a run is left out ("…").
 */
export function pagerItems(page: number, pageCount: number): Array<number | null> {
  const shown = new Set([1, pageCount, page - 2, page - 1, page, page + 1, page + 2].filter((n) => n >= 1 && n <= pageCount));
  const sorted = [...shown].sort((a, b) => a - b);
  const items: Array<number | null> = [];
  for (const [i, n] of sorted.entries()) {
    if (i > 0 && n - sorted[i - 1]! > 1) items.push(null);
    items.push(n);
  }
  return items;
}
