import { Form } from "@remix-run/react";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { useT } from "~/i18n/i18n";

/** One part of the program (1부, 2부), renamed in either language or removed (its sessions stay, without a part). */
export function PartRow({ part, state }: { part: { id: number; title: string; titleKo: string; titleEn: string }; state: FormState }) {
  const t = useT();
  return (
    <Form method="post" noValidate className="part-row">
      <input type="hidden" name="partId" value={part.id} />
      <FormErrorSummary state={state} />
      <div className="field-row">
        <Field name="titleKo" label={t("agenda.renamePartKo", { title: part.title })} state={state} defaults={{ titleKo: part.titleKo }} idPrefix={`part-${part.id}`} />
        <Field name="titleEn" label={t("agenda.renamePartEn", { title: part.title })} state={state} defaults={{ titleEn: part.titleEn }} idPrefix={`part-${part.id}`} />
      </div>
      <button type="submit" name="intent" value="update-part" className="button button--small">
        {t("form.save")}
      </button>{" "}
      <button type="submit" name="intent" value="remove-part" className="button button--small">
        {t("agenda.removePart")}
      </button>
    </Form>
  );
}
