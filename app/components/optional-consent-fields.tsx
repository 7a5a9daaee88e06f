import { Form } from "@remix-run/react";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import type { FormValues } from "~/lib/forms.server";
import { useT, type MessageKey } from "~/i18n/i18n";

const DISCLOSURES: Array<{ name: string; label: MessageKey; multiline: boolean }> = [
  { name: "title", label: "optionalConsent.field.title", multiline: false },
  { name: "purpose", label: "optionalConsent.field.purpose", multiline: true },
  { name: "items", label: "optionalConsent.field.items", multiline: false },
  { name: "retention", label: "optionalConsent.field.retention", multiline: false },
  { name: "refusal", label: "optionalConsent.field.refusal", multiline: true },
];

/**
 * One optional consent item's title and four disclosures, each in Korean and English. Several
 * item forms share a page, so ids carry a prefix while the names stay plain.
 */
export function OptionalConsentFields({ prefix, state, defaults }: { prefix: string; state: FormState; defaults: FormValues }) {
  const t = useT();
  return (
    <>
      {DISCLOSURES.map((disclosure) => (
        <div className="field-row" key={disclosure.name}>
          {(["Ko", "En"] as const).map((language) => (
            <Field
              key={language}
              idPrefix={prefix}
              name={`${disclosure.name}${language}`}
              label={`${t(disclosure.label)} (${t(language === "Ko" ? "optionalConsent.korean" : "optionalConsent.english")})`}
              hint={disclosure.name === "refusal" && language === "Ko" ? t("optionalConsent.field.refusalHint") : undefined}
              multiline={disclosure.multiline}
              state={state}
              defaults={defaults}
            />
          ))}
        </div>
      ))}
    </>
  );
}

/** The RSVP settings' optional consent items: one form per item (save, remove) and one to add. */
export function OptionalConsentEditor({
  items: optionalConsents,
  stateOf,
}: {
  items: Array<{ id: number; version: number; consenting: number; values: FormValues }>;
  stateOf: (form: string) => FormState;
}) {
  const t = useT();
  return (
    <>
      <h2 id="optional-consents">{t("optionalConsent.editorTitle")}</h2>
      <p>{t("optionalConsent.editorIntro")}</p>
      {optionalConsents.length === 0 ? <p className="muted">{t("optionalConsent.noItems")}</p> : null}
      <ol className="question-list">
        {optionalConsents.map((item, index) => {
          const state = stateOf(`optional-${item.id}`);
          const heading = t("optionalConsent.item", { n: index + 1 });
          return (
            <li key={item.id} className="question-card">
              <Form method="post" noValidate aria-label={heading}>
                <h3>{heading}</h3>
                <p className="field__hint">{t("optionalConsent.itemFacts", { version: item.version, count: item.consenting })}</p>
                <FormErrorSummary state={state} />
                <input type="hidden" name="itemId" value={item.id} />
                <OptionalConsentFields prefix={`optional-${item.id}`} state={state} defaults={item.values} />
                <div className="actions">
                  <button type="submit" name="intent" value="save-optional" className="button button--primary">
                    {t("rsvpSettings.saveQuestion")}
                  </button>
                  <button type="submit" name="intent" value="remove-optional" className="button button--danger">
                    {t("rsvpSettings.remove")}
                  </button>
                </div>
              </Form>
            </li>
          );
        })}
      </ol>
      <Form key={`optional-${optionalConsents.length}`} method="post" noValidate className="question-card" aria-labelledby="new-optional">
        <h3 id="new-optional">{t("optionalConsent.newItem")}</h3>
        <FormErrorSummary state={stateOf("optional-new")} />
        <OptionalConsentFields prefix="optional-new" state={stateOf("optional-new")} defaults={{}} />
        <button type="submit" name="intent" value="add-optional" className="button button--primary">
          {t("optionalConsent.add")}
        </button>
      </Form>
    </>
  );
}
