/** A page's `meta`: the title its loader worked out (in the reader's language), else the app's name. */
export function pageTitleMeta({ data }: { data?: { pageTitle?: string } | null }) {
  return [{ title: data?.pageTitle ?? "Nanum" }];
}

/**
 * A personal link's page (/i/<token>…): never indexed, and no Referer to map sites. "same-origin"
 * rather than "no-referrer": with no-referrer, browsers send `Origin: null` on our own form posts.
 * On an unusable link the error page names itself (its own <title>): the head then carries none.
 */
export function personalPageMeta({ data, error }: { data?: { pageTitle?: string } | null; error?: unknown }) {
  return [...(error ? [] : [{ title: data?.pageTitle ?? "Nanum" }]), { name: "robots", content: "noindex, nofollow" }, { name: "referrer", content: "same-origin" }];
}
