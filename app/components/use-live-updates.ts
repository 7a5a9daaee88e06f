import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { reloadLivePage, useLiveReloadEnd } from "./live-reload";

/** "idle" before the page's script runs (and always without JavaScript). */
export type LiveState = "idle" | "live" | "polling";

/** While the stream is open, a slow reload as well, for changes the stream does not announce. */
const LIVE_POLL_MS = 60_000;
/** After the server refused the stream (not a dropped connection, which the browser retries itself). */
const REOPEN_MS = 10_000;

/**
 * Keeps the page's data current. The server's event stream at `streamUrl` says when something
 * changed and the page reloads its data at once (one reload at a time: changes during one bring
 * one more after it). While the stream is not open (refused, dropped, being reopened, or a
 * browser without EventSource) the page reloads every `pollMs` instead.
 */
export function useLiveUpdates(streamUrl: string, pollMs = 5_000): LiveState {
  const revalidator = useRevalidator();
  const [state, setState] = useState<LiveState>("idle");
  const latest = useRef(revalidator);
  const pending = useRef(false);

  useLiveReloadEnd(revalidator.state);

  useEffect(() => {
    latest.current = revalidator;
    if (revalidator.state === "idle" && pending.current) {
      pending.current = false;
      reloadLivePage(revalidator.revalidate);
    }
  }, [revalidator]);

  useEffect(() => {
    let source: EventSource | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const reload = () => {
      if (latest.current.state === "idle") reloadLivePage(latest.current.revalidate);
      else pending.current = true;
    };
    const open = () => {
      if (stopped) return;
      source = new EventSource(streamUrl);
      // Opened (or opened again): what changed before it opened was not announced.
      source.addEventListener("open", () => {
        setState("live");
        reload();
      });
      source.addEventListener("arrivals", reload);
      source.addEventListener("error", () => {
        setState("polling");
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          reopen = setTimeout(open, REOPEN_MS);
        }
      });
    };
    if (typeof EventSource === "undefined") setState("polling");
    else open();
    return () => {
      stopped = true;
      clearTimeout(reopen);
      source?.close();
    };
  }, [streamUrl]);

  useEffect(() => {
    if (state === "idle") return;
    const poll = async () => {
      if (latest.current.state !== "idle") return;
      // Without a stream the server may be down (restarting): reloading then would put an error
      // page in place of the lists, so it is asked first whether it is there.
      if (state === "polling") {
        const up = await fetch("/healthz", { cache: "no-store" }).then(
          // Read to the end, so the request is done with.
          (response) => response.text().then(() => response.ok),
          () => false,
        );
        if (!up) return;
      }
      reloadLivePage(latest.current.revalidate);
    };
    const timer = setInterval(() => void poll(), state === "live" ? LIVE_POLL_MS : pollMs);
    return () => clearInterval(timer);
  }, [state, pollMs]);

  return state;
}
