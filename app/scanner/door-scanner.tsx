import { useEffect, useRef, useState, type FormEvent } from "react";
import { DoorConnection } from "~/scanner/door-connection";
import { DoorSearch } from "~/scanner/door-search";
import { DoorWalkIn, type OptionalConsentOffer } from "~/scanner/door-walk-in";
import { ScanResult, arrivingName } from "~/scanner/scan-result";
import { doorRequest, useDoorOffline, type CheckInBody } from "~/scanner/door-offline";
import { toneOf, UNDO_WINDOW_MINUTES, undoTargetOf, type DoorAnswer, type DoorGuest, type DoorOutcome, type UndoTarget } from "~/domain/checkin/door-outcome";
import { signal, unlockSound } from "~/scanner/door-signal";
import { useT, type MessageKey } from "~/i18n/i18n";
import { cameraProblemBeforeAsking, cameraProblemOf, createQrDecoder, keepScreenAwake, openRearCamera, prepareQrDecoder, startScanLoop, stopCamera, type CameraProblem } from "~/scanner/qr-camera";
import { RepeatFilter } from "~/scanner/scan-repeats";
import { keepScannerForOffline } from "~/scanner/scanner-offline";
import { checkTicketLocally } from "~/scanner/ticket-verify";

export interface ScannerEvent {
  id: number;
  slug: string;
  title: string;
  date: string;
  time: string;
  timeZone: string;
}

/** How long each answer stays before the camera view comes back (a refusal needs reading). */
const SHOWN_MS: Record<ReturnType<typeof toneOf>, number> = { welcome: 4000, already: 6000, refused: 6000, neutral: 3000 };
const UNDO_WINDOW_MS = UNDO_WINDOW_MINUTES * 60_000;

const PROBLEMS: Record<CameraProblem, MessageKey> = {
  insecure: "scanner.problem.insecure",
  unsupported: "scanner.problem.unsupported",
  denied: "scanner.problem.denied",
  missing: "scanner.problem.missing",
  busy: "scanner.problem.busy",
  failed: "scanner.problem.failed",
};

type Camera = { state: "starting" | "on" } | { state: "problem"; problem: CameraProblem };

function rememberedEntrance(slug: string): string {
  try {
    return localStorage.getItem(`nanum:entrance:${slug}`) ?? localStorage.getItem("nanum:entrance") ?? "";
  } catch {
    return "";
  }
}

function rememberEntrance(slug: string, entrance: string): void {
  try {
    localStorage.setItem(`nanum:entrance:${slug}`, entrance);
    localStorage.setItem("nanum:entrance", entrance);
  } catch {
    // Private browsing may refuse storage: the device asks again next time.
  }
}

function postJson(url: string, body: unknown) {
  return doorRequest(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

async function sendCheckIn(slug: string, entrance: string, body: CheckInBody): Promise<DoorAnswer> {
  const reply = await postJson(`/checkin/${encodeURIComponent(slug)}/scan`, { entrance, ...body });
  if (reply === "unreachable") return { result: "offline" };
  // A lapsed session is redirected to the login page; access taken away answers 404.
  if (reply === "lost-access") return { result: "signed-out" };
  if (!reply.ok) return { result: "failed" };
  return (await reply.json()) as DoorOutcome;
}

/**
 * The door's scanner: the entrance, the camera read continuously, typed code and search as
 * fallbacks, and each answer on a full screen in its color.
 */
export function DoorScanner({
  event,
  publicKey,
  entrances,
  consentText,
  optionalConsents,
  groups,
}: {
  event: ScannerEvent;
  publicKey: string;
  entrances: string[];
  /** The event's privacy notice, for walk-ins to agree to on the staff's phone. */
  consentText: string;
  /** The event's optional consent items (선택 동의), offered to walk-ins unticked. */
  optionalConsents: OptionalConsentOffer[];
  groups: string[];
}) {
  const t = useT();
  const [entrance, setEntrance] = useState("");
  const [started, setStarted] = useState(false);
  const [camera, setCamera] = useState<Camera>({ state: "starting" });
  const [cameraAttempt, setCameraAttempt] = useState(0);
  const [answer, setAnswer] = useState<DoorAnswer | null>(null);
  const [answerTakesFocus, setAnswerTakesFocus] = useState(false);
  const [lastWelcome, setLastWelcome] = useState<{ target: UndoTarget; guest: DoorGuest } | null>(null);
  const [code, setCode] = useState("");
  const videoRef = useRef<HTMLVideoElement>(null);
  // One check-in at a time: a scan while an answer is on screen waits for the next look.
  const busy = useRef(false);
  const repeats = useRef(new RepeatFilter(3000));
  const offline = useDoorOffline(event);

  useEffect(() => setEntrance(rememberedEntrance(event.slug)), [event.slug]);
  // The decoder first, so the list of files kept for offline use includes it.
  useEffect(
    () =>
      void prepareQrDecoder()
        .catch(() => undefined)
        .then(keepScannerForOffline),
    [],
  );

  /** `byHand`: the answer is to something done on the page rather than to the camera. */
  function show(next: DoorAnswer, byHand = true) {
    busy.current = true;
    setAnswer(next);
    setAnswerTakesFocus(byHand);
    signal(toneOf(next));
    if (next.result === "welcome") setLastWelcome({ target: undoTargetOf(next), guest: next.guest });
  }

  function dismiss() {
    busy.current = false;
    setAnswer(null);
  }

  useEffect(() => {
    if (!answer) return;
    const timer = setTimeout(dismiss, SHOWN_MS[toneOf(answer)]);
    return () => clearTimeout(timer);
  }, [answer]);

  useEffect(() => {
    if (!lastWelcome) return;
    const timer = setTimeout(() => setLastWelcome(null), UNDO_WINDOW_MS);
    return () => clearTimeout(timer);
  }, [lastWelcome]);

  async function checkIn(body: CheckInBody, byHand = true): Promise<DoorAnswer> {
    busy.current = true;
    const local = "payload" in body ? await checkTicketLocally(body.payload, event.id, publicKey) : "unchecked";
    let result: DoorAnswer = local === "invalid" ? { result: "invalid" } : await sendCheckIn(event.slug, entrance, body);
    // No connection: the stored roster decides, and a welcome waits in the queue.
    if (result.result === "offline") result = await offline.decide(body, entrance);
    else if (result.result === "signed-out") offline.checkAccess();
    else if ((result.result === "welcome" || result.result === "already") && !("offline" in result)) void offline.noteArrival(result.guest.inviteeId, result.at);
    show(result, byHand);
    return result;
  }

  async function undo(target: UndoTarget, guest: DoorGuest) {
    const name = arrivingName(guest);
    if ("clientId" in target) {
      const queued = await offline.undoQueued(target.clientId);
      if (queued === "undone") setLastWelcome(null);
      return show(queued === "undone" ? { result: "undone", name } : { result: "undo-sent" });
    }
    const reply = await postJson(`/checkin/${encodeURIComponent(event.slug)}/undo`, { checkinId: target.checkinId });
    if (reply === "unreachable") {
      offline.unreachable();
      return show({ result: "offline" });
    }
    if (reply === "lost-access") {
      offline.checkAccess();
      return show({ result: "signed-out" });
    }
    const undone = reply.ok && ((await reply.json()) as { undone: boolean }).undone;
    if (undone) {
      setLastWelcome(null);
      void offline.noteArrival(guest.inviteeId, null);
    }
    show(undone ? { result: "undone", name } : { result: "undo-too-late" });
  }

  // The newest handler for the camera loop, which is set up once per camera start.
  const onCode = useRef<(text: string) => void>(() => {});
  onCode.current = (text: string) => {
    const now = Date.now();
    if (repeats.current.isRepeat(text, now) || busy.current) return;
    repeats.current.take(text, now);
    void checkIn({ payload: text }, false);
  };

  useEffect(() => {
    if (!started) return;
    const problem = cameraProblemBeforeAsking();
    if (problem) return setCamera({ state: "problem", problem });
    setCamera({ state: "starting" });
    let cancelled = false;
    let stream: MediaStream | null = null;
    let stopLoop = () => {};
    (async () => {
      try {
        stream = await openRearCamera();
        const video = videoRef.current;
        if (cancelled || !video) return stopCamera(stream);
        video.srcObject = stream;
        await video.play();
        const decode = await createQrDecoder();
        if (cancelled) return;
        setCamera({ state: "on" });
        const stopScanning = startScanLoop(video, decode, (text) => onCode.current(text));
        const letScreenSleep = keepScreenAwake();
        stopLoop = () => {
          stopScanning();
          letScreenSleep();
        };
      } catch (error) {
        if (!cancelled) setCamera({ state: "problem", problem: cameraProblemOf(error) });
      }
    })();
    return () => {
      cancelled = true;
      stopLoop();
      stopCamera(stream);
    };
  }, [started, cameraAttempt]);

  function start(formEvent: FormEvent<HTMLFormElement>) {
    formEvent.preventDefault();
    const chosen = entrance.trim();
    if (!chosen) return;
    setEntrance(chosen);
    rememberEntrance(event.slug, chosen);
    unlockSound();
    setStarted(true);
  }

  async function submitCode(formEvent: FormEvent<HTMLFormElement>) {
    formEvent.preventDefault();
    if (!code.trim()) return;
    const result = await checkIn({ code });
    if (result.result === "welcome" || result.result === "already") setCode("");
  }

  return (
    <div className="scanner">
      <h1>{t("scanner.title")}</h1>
      <p className="scanner__event">
        {event.title}
        <br />
        <span className="muted">
          {event.date} {event.time}
        </span>
      </p>
      <DoorConnection state={offline.state} timeZone={event.timeZone} onSync={offline.sync} />
      <noscript>
        <p className="notice notice--error">{t("scanner.needsJs")}</p>
      </noscript>
      {!started ? (
        <form className="scanner__start" onSubmit={start}>
          <div className="field">
            <label htmlFor="entrance">{t("scanner.entrance")}</label>
            <input
              id="entrance"
              name="entrance"
              value={entrance}
              onChange={(e) => setEntrance(e.target.value)}
              required
              maxLength={60}
              list="entrances"
              autoComplete="off"
              aria-describedby="entrance-hint"
            />
            <datalist id="entrances">
              {entrances.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
            <p id="entrance-hint" className="field__hint">
              {t("scanner.entranceHint")}
            </p>
          </div>
          <button type="submit" className="button button--primary button--wide">
            {t("scanner.start")}
          </button>
        </form>
      ) : (
        <>
          <p className="scanner__where">
            <strong>{t("scanner.entranceNow", { entrance })}</strong>
            <button type="button" className="button button--small" onClick={() => setStarted(false)}>
              {t("scanner.changeEntrance")}
            </button>
          </p>
          {camera.state === "problem" ? (
            <div className="notice notice--error" role="alert">
              <p>{t(PROBLEMS[camera.problem])}</p>
              <p>{t("scanner.useFallback")}</p>
              {camera.problem !== "insecure" && camera.problem !== "unsupported" ? (
                <button type="button" className="button" onClick={() => setCameraAttempt((n) => n + 1)}>
                  {t("scanner.retryCamera")}
                </button>
              ) : null}
            </div>
          ) : (
            <section className="scanner__camera" aria-label={t("scanner.camera")}>
              <div className="scanner__viewport">
                <video ref={videoRef} muted playsInline aria-hidden="true" />
                <div className="scanner__aimbox" aria-hidden="true" />
              </div>
              <p className="scanner__aim">{camera.state === "starting" ? t("scanner.cameraStarting") : t("scanner.aim")}</p>
            </section>
          )}
          {lastWelcome ? (
            <p className="scanner__last">
              <span>{t("scanner.last", { name: arrivingName(lastWelcome.guest) })}</span>
              <button
                type="button"
                className="button button--small"
                aria-label={t("scanner.undoFor", { name: arrivingName(lastWelcome.guest) })}
                onClick={() => void undo(lastWelcome.target, lastWelcome.guest)}
              >
                {t("scanner.undo")}
              </button>
            </p>
          ) : null}
          <form className="scanner__code" onSubmit={(e) => void submitCode(e)}>
            <div className="field">
              <label htmlFor="door-code">{t("scanner.code")}</label>
              <div className="scanner__inline">
                <input
                  id="door-code"
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  required
                  maxLength={12}
                  autoComplete="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  aria-describedby="door-code-hint"
                />
                <button type="submit" className="button button--primary">
                  {t("scanner.codeSubmit")}
                </button>
              </div>
              <p id="door-code-hint" className="field__hint">
                {t("scanner.codeHint")}
              </p>
            </div>
          </form>
          <DoorSearch
            slug={event.slug}
            searchOffline={offline.search}
            onCheckIn={async (inviteeId) => {
              const result = await checkIn({ inviteeId });
              return result.result === "welcome" || result.result === "already";
            }}
          />
          <DoorWalkIn slug={event.slug} entrance={entrance} consentText={consentText} optionalConsents={optionalConsents} groups={groups} onResult={show} />
        </>
      )}
      <ScanResult answer={answer} takeFocus={answerTakesFocus} timeZone={event.timeZone} onNext={dismiss} onUndo={(target, guest) => void undo(target, guest)} />
    </div>
  );
}
