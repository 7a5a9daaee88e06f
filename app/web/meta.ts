/** A page's `meta`: the title its loader worked out (in the reader's language), else the app's name. */
export function pageTitleMeta({ data }: { data?: { pageTitle?: string } | null }) {
  return [{ title: data?.pageTitle ?? "Nanum" }];
}
