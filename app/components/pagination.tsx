import { Link, useSearchParams } from "@remix-run/react";
import { formatNumber } from "~/lib/format";
import { useLocale, useT } from "~/i18n/i18n";
import { pagerItems, type PageInfo } from "~/lib/paging";

/**
 * Previous, next and page numbers as plain links (keyboard and no-JavaScript friendly), keeping
 * the search and filters named in `keep` in the address; the current page is marked for screen
 * readers. The line above says which rows of how many are shown.
 */
export function Pagination({ info, keep, label }: { info: PageInfo; keep: readonly string[]; label: string }) {
  const t = useT();
  const locale = useLocale();
  const [params] = useSearchParams();
  const href = (page: number) => {
    const next = new URLSearchParams();
    for (const name of keep) for (const value of params.getAll(name)) next.append(name, value);
    if (page > 1) next.set("page", String(page));
    const query = next.toString();
    return query ? `?${query}` : ".";
  };
  return (
    <nav className="pager" aria-label={label}>
      <p className="pager__summary">{t("paging.showing", { first: formatNumber(info.first, locale), last: formatNumber(info.last, locale), total: formatNumber(info.total, locale) })}</p>
      {info.pageCount > 1 ? (
        <ul className="pager__pages">
          <li>
            {info.page > 1 ? (
              <Link to={href(info.page - 1)} rel="prev">
                {t("paging.previous")}
              </Link>
            ) : (
              <span className="pager__off">{t("paging.previous")}</span>
            )}
          </li>
          {pagerItems(info.page, info.pageCount).map((n, i) =>
            n === null ? (
              <li key={`gap-${i}`} aria-hidden="true">
                …
              </li>
            ) : (
              <li key={n}>
                <Link to={href(n)} aria-current={n === info.page ? "page" : undefined} aria-label={t("paging.page", { n })}>
                  {n}
                </Link>
              </li>
            ),
          )}
          <li>
            {info.page < info.pageCount ? (
              <Link to={href(info.page + 1)} rel="next">
                {t("paging.next")}
              </Link>
            ) : (
              <span className="pager__off">{t("paging.next")}</span>
            )}
          </li>
        </ul>
      ) : null}
    </nav>
  );
}
