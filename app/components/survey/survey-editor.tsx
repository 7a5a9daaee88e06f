import { Form } from "@remix-run/react";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { questionSlots, slotField, SURVEY_KINDS, surveyKindLabel } from "~/domain/survey/survey";
import { useT } from "~/i18n/i18n";
import type { FormValues } from "~/lib/forms.server";

/** The survey's settings and its ten question slots, as one form (a slot left empty is no question). */
export function SurveyEditor({ state, values }: { state: FormState; values: FormValues }) {
  const t = useT();
  const save = state;
  return (
    <>
      <FormErrorSummary state={save} />
      <Form method="post" noValidate aria-labelledby="questions">
        <input type="hidden" name="intent" value="save" />
        <fieldset>
          <legend>{t("survey.settings")}</legend>
          <div className="field field--check">
            <input type="checkbox" id="field-anonymous" name="anonymous" defaultChecked={values.anonymous === "on"} />
            <label htmlFor="field-anonymous">{t("survey.anonymous")}</label>
          </div>
          <p className="field__hint">{t("survey.anonymousHint")}</p>
          <div className="field field--check">
            <input type="checkbox" id="field-autoSend" name="autoSend" defaultChecked={values.autoSend === "on"} />
            <label htmlFor="field-autoSend">{t("survey.autoSend")}</label>
          </div>
          <Field name="autoSendHours" label={t("survey.autoSendHours")} hint={t("survey.autoSendHoursHint")} type="number" inputMode="numeric" state={save} defaults={values} />
        </fieldset>
        <ol className="question-list">
          {questionSlots.map((slot) => (
            <li key={slot} className="question-card">
              <fieldset>
                <legend>{t("survey.question", { n: slot })}</legend>
                <div className="field">
                  <label htmlFor={`field-${slotField(slot, "Kind")}`}>{t("survey.kind")}</label>
                  <select id={`field-${slotField(slot, "Kind")}`} name={slotField(slot, "Kind")} defaultValue={values[slotField(slot, "Kind")] ?? "rating"}>
                    {SURVEY_KINDS.map((kind) => (
                      <option key={kind} value={kind}>
                        {t(surveyKindLabel[kind])}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field-row">
                  <Field name={slotField(slot, "LabelKo")} label={t("survey.labelKo")} state={save} defaults={values} />
                  <Field name={slotField(slot, "LabelEn")} label={t("survey.labelEn")} state={save} defaults={values} />
                </div>
                <div className="field-row">
                  <Field name={slotField(slot, "OptionsKo")} label={t("survey.optionsKo")} hint={t("survey.optionsHint")} multiline state={save} defaults={values} />
                  <Field name={slotField(slot, "OptionsEn")} label={t("survey.optionsEn")} hint={t("survey.optionsHint")} multiline state={save} defaults={values} />
                </div>
                <div className="field field--check">
                  <input type="checkbox" id={`field-${slotField(slot, "Required")}`} name={slotField(slot, "Required")} defaultChecked={values[slotField(slot, "Required")] === "on"} />
                  <label htmlFor={`field-${slotField(slot, "Required")}`}>{t("survey.required")}</label>
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
        <button type="submit" className="button button--primary">
          {t("survey.save")}
        </button>
      </Form>
    </>
  );
}
