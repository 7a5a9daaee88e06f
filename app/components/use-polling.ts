import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/** Reloads the page's data every `ms` while `active` (a mailing in progress); without JavaScript, nothing. */
export function usePolling(active: boolean, ms = 2_000): void {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, ms);
    return () => clearInterval(timer);
  }, [active, ms, revalidator]);
}
