import { Field, type FormState } from "~/components/field";
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
