import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { reloadLivePage, useLiveReloadEnd } from "./live-reload";

/**
 * Reloads the page's data every `ms` while `active` (a mailing in progress, the event running);
 * without JavaScript, nothing. The reloads are live ones: the route exports
 * `keepPageWhenUnreachable()` as its `clientLoader`, so a server restarting keeps the page.
 */
export function usePolling(active: boolean, ms = 2_000): void {
  const revalidator = useRevalidator();
  useLiveReloadEnd(revalidator.state);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") reloadLivePage(revalidator.revalidate);
    }, ms);
    return () => clearInterval(timer);
  }, [active, ms, revalidator]);
}
