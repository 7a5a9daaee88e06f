import type { DoorOfflineState } from "~/scanner/door-offline";
import { formatClock } from "~/lib/format";
import { useLocale, useT } from "~/i18n/i18n";

/**
 * The door's connection at a glance: online or offline, check-ins waiting to be sent, the
 * roster kept for offline work, and plainly when the device lost access or the event is over.
 */
export function DoorConnection({ state, timeZone, onSync }: { state: DoorOfflineState; timeZone: string; onSync: () => void }) {
  const t = useT();
  const locale = useLocale();
  const label =
    state.waiting > 0 ? t(state.online ? "scanner.net.onlineWaiting" : "scanner.net.offlineWaiting", { count: state.waiting }) : t(state.online ? "scanner.net.online" : "scanner.net.offline");
  return (
    <section className={`door-net door-net--${state.online ? "online" : "offline"}`} aria-label={t("scanner.net.label")}>
      {state.lostAccess ? (
        <p className="notice notice--error" role="alert">
          {t("scanner.lostAccess", { count: state.lostAccess.forgotten })}
        </p>
      ) : null}
      {state.expired ? <p className="notice">{t("scanner.roster.expired")}</p> : null}
      <div className="door-net__line">
        <p className="door-net__state" aria-live="polite">
          <span className="door-net__dot" aria-hidden="true" />
          {label}
        </p>
        {state.online && state.waiting > 0 && !state.lostAccess ? (
          <button type="button" className="button button--small" onClick={onSync}>
            {t("scanner.net.sync")}
          </button>
        ) : null}
      </div>
      {!state.lostAccess && !state.expired ? (
        <p className="door-net__roster muted">
          {state.roster ? t("scanner.roster.saved", { count: state.roster.count, time: formatClock(new Date(state.roster.fetchedAt), timeZone, locale) }) : t("scanner.roster.none")}
        </p>
      ) : null}
    </section>
  );
}
