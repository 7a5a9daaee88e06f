import { useEffect, useRef } from "react";
import { toneOf, undoTargetOf, type DoorAnswer, type DoorGuest, type UndoTarget } from "~/domain/checkin/door-outcome";
import { formatClock } from "~/lib/format";
import { doorSeatBlock, doorSeatLabel } from "~/domain/seating/seat-label";
import { useLocale, useT, type MessageKey } from "~/i18n/i18n";

const HEADLINES: Record<DoorAnswer["result"], MessageKey> = {
  welcome: "scanner.result.welcome",
  already: "scanner.result.already",
  invalid: "scanner.result.invalid",
  superseded: "scanner.result.superseded",
  cancelled: "scanner.result.cancelled",
  "not-attending": "scanner.result.notAttending",
  "other-event": "scanner.result.otherEvent",
  offline: "scanner.result.offline",
  "signed-out": "scanner.result.signedOut",
  failed: "scanner.result.failed",
  undone: "scanner.result.undone",
  "undo-too-late": "scanner.result.undoTooLate",
  "undo-sent": "scanner.result.undoTooLate",
  unverifiable: "scanner.result.unverifiable",
};

const HINTS: Partial<Record<DoorAnswer["result"], MessageKey>> = {
  invalid: "scanner.result.invalidHint",
  superseded: "scanner.result.supersededHint",
  cancelled: "scanner.result.cancelledHint",
  "not-attending": "scanner.result.notAttendingHint",
  "other-event": "scanner.result.otherEventHint",
  offline: "scanner.result.offlineHint",
  "signed-out": "scanner.result.signedOutHint",
  failed: "scanner.result.failedHint",
  "undo-too-late": "scanner.result.undoTooLateHint",
  "undo-sent": "scanner.result.undoSentHint",
  unverifiable: "scanner.result.unverifiableHint",
};

/** A shape as well as a color, for those who cannot tell green from red. */
const MARKS: Record<ReturnType<typeof toneOf>, string> = { welcome: "✓", already: "!", refused: "✕", neutral: "↺" };

/** The person standing at the door: the proxy when someone comes in the invitee's place. */
export function arrivingName(guest: DoorGuest): string {
  return guest.proxyName || guest.name;
}

function GuestLines({ guest }: { guest: DoorGuest }) {
  const t = useT();
  const locale = useLocale();
  const organization = [guest.organization, guest.position].filter(Boolean).join(" · ");
  return (
    <>
      <p className="scan-result__name">{arrivingName(guest)}</p>
      {guest.isVip ? <p className="scan-result__vip">★ {t("scanner.vip")}</p> : null}
      {guest.proxyName ? <p className="scan-result__line">{t("scanner.proxyFor", { name: guest.name })}</p> : null}
      {organization ? <p className="scan-result__line">{organization}</p> : null}
      {guest.group ? <p className="scan-result__line scan-result__group">{guest.group}</p> : null}
      {guest.companions > 0 ? <p className="scan-result__line">{t("scanner.companions", { count: guest.companions })}</p> : null}
      {guest.seat ? (
        // The seat in large letters, so staff can point the way at arm's length: "A-3", and the block.
        <p className="scan-result__seat">
          <span className="scan-result__seat-label">{t("seatShow.seat")}</span> <span className="scan-result__seat-block">{doorSeatBlock(guest.seat, locale)}</span>{" "}
          <span className="scan-result__seat-code">{guest.seat.code}</span>
        </p>
      ) : null}
      {guest.companionSeats.length > 0 ? (
        <p className="scan-result__line">{t("seatShow.companionSeats", { seats: guest.companionSeats.map((seat) => doorSeatLabel(seat, locale)).join(", ") })}</p>
      ) : null}
    </>
  );
}

/**
 * The answer at the door, filling the screen in its color so it reads at arm's length: green
 * welcome, amber "already", red refusals. Its text sits in a live region that stays in the page,
 * so screen readers announce each new answer.
 */
export function ScanResult({
  answer,
  takeFocus,
  timeZone,
  onNext,
  onUndo,
}: {
  answer: DoorAnswer | null;
  /** The answer is to something done on the page (a typed code, a search, an undo), not the camera's. */
  takeFocus: boolean;
  timeZone: string;
  onNext: () => void;
  onUndo: (target: UndoTarget, guest: DoorGuest) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const actions = useRef<HTMLDivElement>(null);
  const next = useRef<HTMLButtonElement>(null);
  // The answer covers the page: a keyboard user goes on from its "next" button, and back to where
  // they were once it clears. The camera's answers leave focus alone, so they clear on their own.
  useEffect(() => {
    if (!answer || !takeFocus) return;
    const before = document.activeElement;
    const box = actions.current;
    next.current?.focus();
    return () => {
      const now = document.activeElement;
      const stillHere = now === null || now === document.body || Boolean(box?.contains(now));
      if (stillHere && before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, [answer, takeFocus]);
  const guest = answer && "guest" in answer ? answer.guest : null;
  const hint = answer ? HINTS[answer.result] : undefined;
  return (
    <div className={answer ? `scan-result scan-result--${toneOf(answer)}` : "scan-result scan-result--idle"}>
      <div role="status" aria-live="assertive" aria-atomic="true" className="scan-result__text">
        {answer ? (
          <>
            <p className="scan-result__headline">
              <span className="scan-result__mark" aria-hidden="true">
                {MARKS[toneOf(answer)]}
              </span>
              {t(HEADLINES[answer.result])}
            </p>
            {guest ? <GuestLines guest={guest} /> : null}
            {answer.result === "undone" ? <p className="scan-result__name">{answer.name}</p> : null}
            {answer.result === "already" ? (
              <p className="scan-result__detail">
                {answer.entrance
                  ? t("scanner.result.alreadyAt", { time: formatClock(new Date(answer.at), timeZone, locale), entrance: answer.entrance })
                  : t("scanner.result.alreadyAtTime", { time: formatClock(new Date(answer.at), timeZone, locale) })}
              </p>
            ) : null}
            {hint ? <p className="scan-result__detail">{t(hint)}</p> : null}
            {"offline" in answer ? (
              <p className="scan-result__detail scan-result__offline">{t(answer.result === "welcome" ? "scanner.result.offlineWelcome" : "scanner.result.offlineDecided")}</p>
            ) : null}
          </>
        ) : null}
      </div>
      {answer ? (
        <div className="scan-result__actions" ref={actions}>
          {answer.result === "welcome" ? (
            <button type="button" className="button scan-result__undo" onClick={() => onUndo(undoTargetOf(answer), answer.guest)}>
              {t("scanner.undo")}
            </button>
          ) : null}
          <button type="button" className="button scan-result__next" ref={next} onClick={onNext}>
            {t("scanner.next")}
          </button>
        </div>
      ) : null}
    </div>
  );
}
