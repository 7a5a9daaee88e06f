import { Form, useNavigation } from "@remix-run/react";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import type { FormValues } from "~/lib/forms.server";
import { useT, type MessageKey } from "~/i18n/i18n";

/** An optional consent as the guest reads it: its own box, never ticked for them, never needed to attend. */
export interface OptionalConsentView {
  id: number;
  title: string;
  text: string;
}

export interface RsvpQuestionView {
  id: number;
  kind: "text" | "choice" | "yesno";
  label: string;
  options: string[];
  required: boolean;
}

export function ChoiceGroup({
  name,
  legend,
  options,
  value,
  error,
  required,
}: {
  name: string;
  legend: string;
  options: Array<{ value: string; label: string; hint?: string }>;
  value: string | undefined;
  error?: MessageKey;
  required?: boolean;
}) {
  const t = useT();
  const errorId = `${name}-error`;
  return (
    <fieldset className={error ? "choice-group field--error" : "choice-group"} role="radiogroup" aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined}>
      <legend>
        {legend}
        {required ? <span aria-hidden="true"> *</span> : null}
      </legend>
      {options.map((option) => (
        <div className="choice" key={option.value}>
          <input
            type="radio"
            id={`${name}-${option.value}`}
            name={name}
            value={option.value}
            defaultChecked={value === option.value}
            aria-describedby={option.hint ? `${name}-${option.value}-hint` : undefined}
          />
          <div>
            <label htmlFor={`${name}-${option.value}`}>{option.label}</label>
            {option.hint ? (
              <p className="choice__hint" id={`${name}-${option.value}-hint`}>
                {option.hint}
              </p>
            ) : null}
          </div>
        </div>
      ))}
      {error ? (
        <p className="field__error" id={errorId} role="alert">
          {t(error)}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The answer form: works without JavaScript; on an error it comes back filled in, with the reason at each field. */
export function RsvpForm({
  state,
  defaults,
  questions,
  maxCompanions,
  consentText,
  optionalConsents = [],
  submitLabel,
}: {
  state: FormState;
  defaults: FormValues;
  questions: RsvpQuestionView[];
  maxCompanions: number;
  consentText: string;
  optionalConsents?: OptionalConsentView[];
  submitLabel: string;
}) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const values = state.values ?? defaults;
  const errors = state.errors ?? {};
  return (
    <Form method="post" noValidate className="rsvp-form">
      <input type="hidden" name="intent" value="answer" />
      <FormErrorSummary
        state={state}
        fields={[
          { name: "answer", label: t("rsvp.question"), id: "answer-attending" },
          { name: "proxyName", label: t("rsvp.proxyName") },
          { name: "proxyPosition", label: t("rsvp.proxyPosition") },
          { name: "companions", label: t("rsvp.companions") },
          ...questions.map((question) => ({
            name: `q${question.id}`,
            label: question.label,
            // A choice links to its first option, a text question to its box.
            id: question.kind === "text" ? undefined : `q${question.id}-${question.kind === "yesno" ? "yes" : "0"}`,
          })),
          { name: "consent", label: t("rsvp.consentTitle") },
        ]}
      />
      <ChoiceGroup
        name="answer"
        legend={t("rsvp.question")}
        value={values.answer}
        error={errors.answer}
        required
        options={[
          { value: "attending", label: t("rsvp.attending") },
          { value: "proxy", label: t("rsvp.proxy"), hint: t("rsvp.proxyHint") },
          { value: "declined", label: t("rsvp.declined") },
        ]}
      />
      <fieldset>
        <legend>{t("rsvp.proxyDetails")}</legend>
        <p className="field__hint">{t("rsvp.proxyDetailsHint")}</p>
        <Field name="proxyName" label={t("rsvp.proxyName")} state={state} defaults={defaults} autoComplete="off" />
        <Field name="proxyPosition" label={t("rsvp.proxyPosition")} state={state} defaults={defaults} autoComplete="off" />
      </fieldset>
      {maxCompanions > 0 ? (
        <div className={errors.companions ? "field field--error" : "field"}>
          <label htmlFor="field-companions">{t("rsvp.companions")}</label>
          <select id="field-companions" name="companions" defaultValue={values.companions ?? "0"} aria-describedby="field-companions-hint">
            {Array.from({ length: maxCompanions + 1 }, (_, n) => (
              <option key={n} value={String(n)}>
                {t("rsvp.companionsCount", { count: n })}
              </option>
            ))}
          </select>
          <p className="field__hint" id="field-companions-hint">
            {t("rsvp.companionsHint", { max: maxCompanions })}
          </p>
          {errors.companions ? (
            <p className="field__error" role="alert">
              {t(errors.companions)}
            </p>
          ) : null}
        </div>
      ) : null}
      {questions.length > 0 ? (
        <fieldset>
          <legend>{t("rsvp.questions")}</legend>
          <p className="field__hint">{t("rsvp.questionsHint")}</p>
          {questions.map((question) => {
            const name = `q${question.id}`;
            if (question.kind === "text") {
              return <Field key={question.id} name={name} label={question.label} required={question.required} state={state} defaults={defaults} />;
            }
            const options =
              question.kind === "yesno"
                ? [
                    { value: "yes", label: t("rsvp.yes") },
                    { value: "no", label: t("rsvp.no") },
                  ]
                : question.options.map((label, index) => ({ value: String(index), label }));
            return <ChoiceGroup key={question.id} name={name} legend={question.label} options={options} value={values[name]} error={errors[name]} required={question.required} />;
          })}
        </fieldset>
      ) : null}
      <fieldset className={errors.consent ? "consent field--error" : "consent"}>
        <legend>{t("rsvp.consentTitle")}</legend>
        <div className="consent__text" role="region" tabIndex={0} aria-label={t("rsvp.consentTitle")}>
          {consentText}
        </div>
        <div className="field field--check">
          <input
            type="checkbox"
            id="field-consent"
            name="consent"
            defaultChecked={values.consent === "on"}
            aria-invalid={errors.consent ? true : undefined}
            aria-describedby={errors.consent ? "field-consent-error" : undefined}
          />
          <label htmlFor="field-consent">{t("rsvp.consentAgree")}</label>
        </div>
        {errors.consent ? (
          <p className="field__error" id="field-consent-error" role="alert">
            {t(errors.consent)}
          </p>
        ) : null}
      </fieldset>
      <OptionalConsentBoxes items={optionalConsents} values={values} />
      <button type="submit" className="button button--primary button--wide" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}

/**
 * The optional consent items, each with its text (the four disclosures) and its own box, never
 * ticked for the guest (ticked only as they left it, or as already given); nothing when none.
 */
export function OptionalConsentBoxes({ items: optionalConsents, values }: { items: OptionalConsentView[]; values: FormValues }) {
  const t = useT();
  return (
    <>
      {optionalConsents.length > 0 ? (
        <fieldset className="consent consent--optional">
          <legend>{t("optionalConsent.title")}</legend>
          <p className="field__hint">{t("optionalConsent.hint")}</p>
          {optionalConsents.map((item) => {
            const name = `optional-${item.id}`;
            return (
              <div key={item.id} className="consent__item">
                <div className="consent__text" role="region" tabIndex={0} aria-label={item.title} id={`${name}-text`}>
                  {item.text}
                </div>
                <div className="field field--check">
                  <input type="checkbox" id={`field-${name}`} name={name} defaultChecked={values[name] === "on"} aria-describedby={`${name}-text`} />
                  <label htmlFor={`field-${name}`}>{t("optionalConsent.agree", { title: item.title })}</label>
                </div>
              </div>
            );
          })}
        </fieldset>
      ) : null}
    </>
  );
}
