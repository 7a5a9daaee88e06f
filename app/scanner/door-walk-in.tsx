import { useState, type FormEvent } from "react";
import type { DoorAnswer, DoorOutcome } from "~/domain/checkin/door-outcome";
import { isMessageKey, useT, type MessageKey } from "~/i18n/i18n";

/** An optional consent item as the door shows it: its title and its four disclosures, in the page's language. */
export interface OptionalConsentOffer {
  id: number;
  title: string;
  text: string;
}

/**
 * Someone not on the list, let in by the staff: name, organization, position, group and the
 * privacy consent ticked on the staff's phone, with the event's optional consents offered
 * unticked beside it; the server adds them and checks them in at once. Needs the connection (a
 * new person cannot be checked offline).
 */
export function DoorWalkIn({
  slug,
  entrance,
  consentText,
  optionalConsents,
  groups,
  onResult,
}: {
  slug: string;
  entrance: string;
  consentText: string;
  optionalConsents: OptionalConsentOffer[];
  groups: string[];
  onResult: (answer: DoorAnswer) => void;
}) {
  const t = useT();
  const [errors, setErrors] = useState<Record<string, MessageKey>>({});
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    setSending(true);
    try {
      const response = await fetch(`/checkin/${encodeURIComponent(slug)}/walk-in`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        redirect: "manual",
        body: JSON.stringify({
          name: fields.get("name"),
          organization: fields.get("organization"),
          position: fields.get("position"),
          group: fields.get("group"),
          consent: fields.get("consent") === "on",
          optional: optionalConsents.filter((item) => fields.get(`optional-${item.id}`) === "on").map((item) => item.id),
          entrance,
        }),
      });
      if (response.status === 400) {
        const body = (await response.json()) as { errors?: Record<string, string> };
        setErrors(Object.fromEntries(Object.entries(body.errors ?? {}).map(([field, key]) => [field, isMessageKey(key) ? key : "error.invalid"])));
        return;
      }
      // A redirect is the login page: this phone is no longer allowed in.
      if (response.type === "opaqueredirect" || response.status === 404 || response.status === 403) return onResult({ result: "signed-out" });
      if (!response.ok) return onResult({ result: "failed" });
      setErrors({});
      form.reset();
      onResult((await response.json()) as DoorOutcome);
    } catch {
      onResult({ result: "offline" });
    } finally {
      setSending(false);
    }
  }

  const error = (name: string) =>
    errors[name] ? (
      <p className="field__error" id={`walk-in-${name}-error`} role="alert">
        {t(errors[name]!)}
      </p>
    ) : null;

  return (
    <details className="scanner__walk-in">
      <summary>{t("walkIn.title")}</summary>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className={errors.name ? "field field--error" : "field"}>
          <label htmlFor="walk-in-name">
            {t("invitee.name")}
            <span aria-hidden="true"> *</span>
          </label>
          <input
            id="walk-in-name"
            name="name"
            required
            maxLength={100}
            autoComplete="off"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? "walk-in-name-error" : undefined}
          />
          {error("name")}
        </div>
        <div className="field">
          <label htmlFor="walk-in-organization">{t("invitee.organization")}</label>
          <input id="walk-in-organization" name="organization" maxLength={200} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="walk-in-position">{t("invitee.position")}</label>
          <input id="walk-in-position" name="position" maxLength={100} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="walk-in-group">{t("invitee.group")}</label>
          <input id="walk-in-group" name="group" maxLength={100} list="walk-in-groups" autoComplete="off" />
          <datalist id="walk-in-groups">
            {groups.map((group) => (
              <option key={group} value={group} />
            ))}
          </datalist>
        </div>
        <fieldset className={errors.consent ? "consent field--error" : "consent"}>
          <legend>{t("rsvp.consentTitle")}</legend>
          <div className="consent__text" role="region" tabIndex={0} aria-label={t("rsvp.consentTitle")}>
            {consentText}
          </div>
          <div className="field field--check">
            <input type="checkbox" id="walk-in-consent" name="consent" aria-invalid={errors.consent ? true : undefined} aria-describedby={errors.consent ? "walk-in-consent-error" : undefined} />
            <label htmlFor="walk-in-consent">{t("walkIn.consent")}</label>
          </div>
          {error("consent")}
        </fieldset>
        {optionalConsents.length > 0 ? (
          <fieldset className="consent consent--optional">
            <legend>{t("optionalConsent.title")}</legend>
            {optionalConsents.map((item) => (
              <div key={item.id} className="consent__item">
                <div className="consent__text" role="region" tabIndex={0} aria-label={item.title} id={`walk-in-optional-${item.id}-text`}>
                  {item.text}
                </div>
                <div className="field field--check">
                  <input type="checkbox" id={`walk-in-optional-${item.id}`} name={`optional-${item.id}`} aria-describedby={`walk-in-optional-${item.id}-text`} />
                  <label htmlFor={`walk-in-optional-${item.id}`}>{t("optionalConsent.agree", { title: item.title })}</label>
                </div>
              </div>
            ))}
          </fieldset>
        ) : null}
        <button type="submit" className="button button--primary" disabled={sending}>
          {t("walkIn.submit")}
        </button>
      </form>
    </details>
  );
}
