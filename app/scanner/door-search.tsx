import { useEffect, useRef, useState } from "react";
import { doorRequest } from "~/scanner/door-offline";
import type { DoorSearchHit } from "~/domain/checkin/door-outcome";
import { useT, type MessageKey } from "~/i18n/i18n";

const TICKET_LABELS: Record<DoorSearchHit["ticket"], MessageKey> = {
  active: "scanner.ticket.active",
  cancelled: "scanner.ticket.cancelled",
  none: "scanner.ticket.none",
};

type SearchState = { status: "idle" } | { status: "done"; hits: DoorSearchHit[]; offline?: boolean } | { status: "failed" };

/**
 * A guest without their code, found on the list by name, organization or phone digits; without a
 * connection, in the roster stored on the phone (`searchOffline`, null when there is none).
 */
export function DoorSearch({
  slug,
  onCheckIn,
  searchOffline,
}: {
  slug: string;
  onCheckIn: (inviteeId: number) => Promise<boolean>;
  searchOffline: (query: string) => Promise<DoorSearchHit[] | null>;
}) {
  const t = useT();
  const [query, setQuery] = useState("");
  const [state, setState] = useState<SearchState>({ status: "idle" });
  // Answers can arrive out of order while someone types: only the latest request's counts.
  const latest = useRef(0);

  async function search(q: string) {
    const trimmed = q.trim();
    const request = ++latest.current;
    if (trimmed.length < 2) return setState({ status: "idle" });
    const reply = await doorRequest(`/checkin/${encodeURIComponent(slug)}/search?q=${encodeURIComponent(trimmed)}`);
    if (reply === "unreachable") {
      const hits = await searchOffline(trimmed);
      if (request === latest.current) setState(hits ? { status: "done", hits, offline: true } : { status: "failed" });
      return;
    }
    try {
      if (reply === "lost-access" || !reply.ok) throw new Error("search refused");
      const { guests } = (await reply.json()) as { guests: DoorSearchHit[] };
      if (request === latest.current) setState({ status: "done", hits: guests });
    } catch {
      if (request === latest.current) setState({ status: "failed" });
    }
  }

  // Searching as one types, a moment after the last key; only a new query restarts the wait,
  // and the search that runs is the latest render's (its slug and offline roster).
  const latestSearch = useRef(search);
  useEffect(() => {
    latestSearch.current = search;
  });
  useEffect(() => {
    const timer = setTimeout(() => void latestSearch.current(query), 300);
    return () => clearTimeout(timer);
  }, [query]);

  async function checkIn(hit: DoorSearchHit) {
    if (await onCheckIn(hit.inviteeId)) {
      setState((current) => (current.status === "done" ? { ...current, hits: current.hits.map((h) => (h.inviteeId === hit.inviteeId ? { ...h, checkedIn: true } : h)) } : current));
    }
  }

  return (
    <section className="door-search">
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          void search(query);
        }}
      >
        <div className="field">
          <label htmlFor="door-search">{t("scanner.search")}</label>
          <div className="scanner__inline">
            <input id="door-search" type="search" value={query} onChange={(event) => setQuery(event.target.value)} autoComplete="off" aria-describedby="door-search-hint" maxLength={60} />
            <button type="submit" className="button">
              {t("scanner.searchSubmit")}
            </button>
          </div>
          <p id="door-search-hint" className="field__hint">
            {t("scanner.searchHint")}
          </p>
        </div>
      </form>
      <div aria-live="polite">
        {state.status === "failed" ? <p className="notice notice--error">{t("scanner.searchFailed")}</p> : null}
        {state.status === "done" && state.offline ? <p className="muted">{t("scanner.searchOffline")}</p> : null}
        {state.status === "done" && state.hits.length === 0 ? <p>{t("scanner.searchNone")}</p> : null}
        {state.status === "done" && state.hits.length > 0 ? (
          <ul className="door-hits">
            {state.hits.map((hit) => (
              <li key={hit.inviteeId} className="door-hit">
                <div>
                  <p className="door-hit__name">{hit.name}</p>
                  <p className="door-hit__facts">{[hit.organization, hit.group, hit.phone].filter(Boolean).join(" · ")}</p>
                  <p className="door-hit__facts">
                    <span className={`badge door-hit__ticket--${hit.ticket}`}>{t(TICKET_LABELS[hit.ticket])}</span>
                    {hit.checkedIn ? <span className="badge door-hit__in">{t("scanner.checkedIn")}</span> : null}
                  </p>
                </div>
                <button type="button" className="button button--primary" aria-label={t("scanner.checkInFor", { name: hit.name })} onClick={() => void checkIn(hit)}>
                  {t("scanner.checkIn")}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        {state.status === "done" && state.hits.length >= 20 ? <p className="muted">{t("scanner.searchMore")}</p> : null}
      </div>
    </section>
  );
}
