import { Form, Link, useNavigation } from "@remix-run/react";
import { useT } from "~/i18n/i18n";

/* The award import's first step: the file and the category its rows go to when the sheet names none. */

export function CategorySelect({ categories, value, id }: { categories: Array<{ id: number; name: string }>; value: number | null; id: string }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{t("awardImport.category")}</label>
      <select id={id} name="category" defaultValue={value === null ? "" : String(value)}>
        <option value="">{t("awardImport.categoryNone")}</option>
        {categories.map((category) => (
          <option key={category.id} value={String(category.id)}>
            {category.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export function UploadForm({ eventId, categories, targetCategoryId }: { eventId: number; categories: Array<{ id: number; name: string }>; targetCategoryId: number | null }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>{t("awardImport.intro")}</p>
      <Form method="post" encType="multipart/form-data" className="upload-form">
        <div className="field">
          <label htmlFor="import-file">{t("awardImport.file")}</label>
          <input id="import-file" name="file" type="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          <p className="field__hint">{t("awardImport.fileHint")}</p>
        </div>
        <CategorySelect categories={categories} value={targetCategoryId} id="upload-category" />
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("import.upload")}
        </button>
      </Form>
      <p>
        <a href="/samples/award-recipients-template.csv" download>
          {t("awardImport.template")}
        </a>
      </p>
      <p>
        <Link to={`/admin/events/${eventId}/awards`}>← {t("awards.title")}</Link>
      </p>
    </>
  );
}
