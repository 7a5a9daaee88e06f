import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field, FormErrorSummary, SelectField, type FormState } from "~/components/field";
import { useT } from "~/i18n/i18n";
import type { FormValues } from "~/lib/forms.server";

const HOST_ROWS_MIN = 3;

function hostRowCount(values: FormValues): number {
  const indexes = Object.keys(values)
    .map((name) => /^hosts\.(\d+)\./.exec(name)?.[1])
    .filter((index): index is string => index !== undefined)
    .map(Number);
  const used = indexes.length ? Math.max(...indexes) + 1 : 0;
  return Math.max(HOST_ROWS_MIN, used + 1);
}

/** The event's fields, shared by "new" and "edit"; works without JavaScript. */
export function EventForm({
  state,
  defaults,
  submitLabel,
  beforeSubmit,
}: {
  state: FormState;
  defaults: FormValues;
  submitLabel: string;
  /** Shown just above the button (the edit form's "tell those invited" choice). */
  beforeSubmit?: ReactNode;
}) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const hostRows = hostRowCount({ ...defaults, ...state.values });
  const common = { state, defaults };
  return (
    <Form method="post" noValidate className="event-form">
      <FormErrorSummary state={state} />
      <fieldset>
        <legend>{t("form.section.basics")}</legend>
        <SelectField
          name="kind"
          label={t("field.kind")}
          {...common}
          options={[
            { value: "performance_sharing", label: t("event.kind.performance_sharing") },
            { value: "agreement_signing", label: t("event.kind.agreement_signing") },
            { value: "other", label: t("event.kind.other") },
          ]}
        />
        <Field name="titleKo" label={t("field.titleKo")} hint={t("field.titleHint")} {...common} />
        <Field name="titleEn" label={t("field.titleEn")} {...common} />
        <Field name="descriptionKo" label={t("field.descriptionKo")} multiline {...common} />
        <Field name="descriptionEn" label={t("field.descriptionEn")} multiline {...common} />
      </fieldset>
      <fieldset>
        <legend>{t("form.section.hosts")}</legend>
        <p className="field__hint">{t("field.hostsHint")}</p>
        {Array.from({ length: hostRows }, (_, index) => (
          <div className="field-row" key={index}>
            <Field name={`hosts.${index}.ko`} label={t("field.hostKo", { n: index + 1 })} {...common} />
            <Field name={`hosts.${index}.en`} label={t("field.hostEn", { n: index + 1 })} {...common} />
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t("form.section.when")}</legend>
        <Field name="date" type="date" label={t("field.date")} required {...common} />
        <div className="field-row">
          <Field name="startTime" type="time" label={t("field.startTime")} required {...common} />
          <Field name="endTime" type="time" label={t("field.endTime")} required {...common} />
        </div>
        <Field name="timeZone" label={t("field.timeZone")} hint={t("field.timeZoneHint")} required {...common} />
        <div className="field-row">
          <Field name="rsvpDeadlineDate" type="date" label={t("field.rsvpDeadlineDate")} {...common} />
          <Field name="rsvpDeadlineTime" type="time" label={t("field.rsvpDeadlineTime")} {...common} />
        </div>
        <Field name="capacity" label={t("field.capacity")} inputMode="numeric" hint={t("field.capacityHint")} {...common} />
      </fieldset>
      <fieldset>
        <legend>{t("form.section.venue")}</legend>
        <Field name="venueName" label={t("field.venueName")} required {...common} />
        <Field name="venueNameEn" label={t("field.venueNameEn")} {...common} />
        <Field name="venueAddress" label={t("field.venueAddress")} hint={t("field.venueAddressHint")} {...common} />
      </fieldset>
      <fieldset>
        <legend>{t("form.section.contact")}</legend>
        <Field name="contactName" label={t("field.contactName")} {...common} />
        <Field name="contactPhone" type="tel" label={t("field.contactPhone")} inputMode="tel" {...common} />
        <Field name="contactEmail" type="email" label={t("field.contactEmail")} inputMode="email" {...common} />
      </fieldset>
      <fieldset>
        <legend>{t("form.section.publishing")}</legend>
        <SelectField
          name="visibility"
          label={t("field.visibility")}
          {...common}
          options={[
            { value: "public", label: t("visibility.public") },
            { value: "unlisted", label: t("visibility.unlisted") },
          ]}
        />
        <Field name="slug" label={t("field.slug")} hint={t("field.slugHint")} {...common} />
      </fieldset>
      {beforeSubmit}
      <button type="submit" className="button button--primary" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
