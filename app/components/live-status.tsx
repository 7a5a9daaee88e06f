import { useT } from "~/i18n/i18n";
import type { LiveState } from "./use-live-updates";

/** Says whether the lists below follow arrivals live or are reloaded every few seconds; nothing before the script runs. */
export function LiveStatus({ state }: { state: LiveState }) {
  const t = useT();
  return (
    <p className="live-status no-print" data-live={state}>
      {state === "live" ? t("arrivals.live") : state === "polling" ? t("arrivals.polling") : null}
    </p>
  );
}
