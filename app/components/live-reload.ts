import type { ClientLoaderFunctionArgs, ShouldRevalidateFunctionArgs } from "@remix-run/react";
import { useEffect } from "react";

/**
 * A live page (arrivals, the MC's list) reloads its data whenever someone is checked in; others
 * every few seconds (the invitee list while a mailing goes out, the public program while the
 * event runs). A reload
 * that cannot reach the server, because it is restarting or the venue's network dropped for a
 * moment, would otherwise put an error page in place of the lists at the desk. So a live reload
 * asks only for the live page's own data (the layouts above it keep theirs), and the live page
 * keeps what it showed when the server does not answer; the next reload brings it up to date.
 */
let liveReloadPending = false;

/** Starts a reload of the live page's data (the router's `revalidate`), marked as a live one until `liveReloadDone`. */
export function reloadLivePage(revalidate: () => unknown): void {
  // Marked until it ends: the router asks the routes' `shouldRevalidate` after an await of its own.
  liveReloadPending = true;
  revalidate();
}

/** The router is idle again: any live reload has ended. */
export function liveReloadDone(): void {
  liveReloadPending = false;
}

/** Ends the mark once the router is idle again, and when the page is left in the middle of a reload (other pages' reloads are not live ones). */
export function useLiveReloadEnd(routerState: "idle" | "loading"): void {
  useEffect(() => {
    if (routerState === "idle") liveReloadDone();
  }, [routerState]);
  useEffect(() => liveReloadDone, []);
}

/** For the routes above a live page: their data (the language, who is signed in) does not change with arrivals. */
export function skipLiveReloads({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs): boolean {
  // A form sent or another address in the meantime is not the live page reloading itself.
  const live = liveReloadPending && !formMethod && currentUrl.href === nextUrl.href;
  return live ? false : defaultShouldRevalidate;
}

/** What each live page showed last, by its address. */
const shown = new Map<string, unknown>();

/**
 * A live page's `clientLoader`: its server data as always, except that a reload failing on the
 * network (fetch's TypeError; errors the server answered with still show) keeps the page as it was.
 */
export function keepPageWhenUnreachable() {
  const clientLoader = async ({ request, serverLoader }: ClientLoaderFunctionArgs) => {
    const url = new URL(request.url);
    const key = url.pathname + url.search;
    try {
      const data = await serverLoader();
      shown.set(key, data);
      return data;
    } catch (error) {
      if (error instanceof TypeError && shown.has(key)) return shown.get(key);
      throw error;
    }
  };
  // Runs once on the page's first render in the browser too (with the server's data, no request), so the first reload has a page to keep.
  clientLoader.hydrate = true as const;
  return clientLoader;
}
