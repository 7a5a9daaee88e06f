import { data, MaxPartSizeExceededError, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { organizerAccess } from "~/web/access-by.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CategorySelect, UploadForm } from "~/components/awards/award-import-parts";
import { ColumnMapping, ImportDuplicates, MappingInputs } from "~/components/import-preview";
import { AWARD_FIELDS, awardSheet, confirmAwardImport, parseAwardMapping, previewAwardImport, saveAwardImportDraft, type AwardField } from "~/domain/program/award-import.server";
import { listAwards } from "~/domain/program/awards.server";
import { requireEventPermission } from "~/web/auth.server";
import { inLocale, translator, useT, type MessageKey, messageKey } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { importFailureMessages, MAX_BYTES, readSpreadsheet, type ImportFailure } from "~/lib/spreadsheet.server";
import { readFormData } from "~/web/form-data.server";
import { parseId } from "~/lib/ids";
import { pageTitleMeta } from "~/web/meta";
import { TableScroll } from "~/components/table-scroll";

export const meta = pageTitleMeta;

const PREVIEW_ROWS = 50;

function failureMessage(failure: ImportFailure): MessageKey {
  // The invitee list's example headers would mislead here.
  return failure === "no-header" ? "awardImport.noHeader" : importFailureMessages[failure];
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const locale = await resolveLocale(request);
  const t = translator(locale);
  const url = new URL(request.url);
  const pageTitle = `${t("awardImport.title")} · ${t("app.name")}`;
  const categories = (await listAwards(context.db, eventId, "organizer")).map((category) => ({ id: category.id, name: inLocale(locale, { ko: category.name_ko, en: category.name_en }) }));
  const targetCategoryId = parseId(url.searchParams.get("category"));
  const draftId = parseId(url.searchParams.get("draft"));
  if (draftId === null) return { eventId, pageTitle, categories, targetCategoryId, preview: null };
  const preview = await previewAwardImport(context.db, eventId, draftId, { mapping: parseAwardMapping(url.searchParams.entries()), targetCategoryId });
  if (preview.status === "missing") throw redirect(`/admin/events/${eventId}/awards/import`);
  if (preview.status === "unreadable") {
    return {
      eventId,
      pageTitle,
      categories,
      targetCategoryId,
      preview: { status: "unreadable" as const, fileName: preview.fileName, failure: failureMessage(preview.sheet.error), line: preview.sheet.line ?? null },
    };
  }
  const { sheet } = preview;
  return {
    eventId,
    pageTitle,
    categories,
    targetCategoryId: preview.targetCategoryId,
    preview: {
      status: "ready" as const,
      // The field list travels with the data: the component may not import a .server module.
      fields: [...AWARD_FIELDS],
      draftId,
      fileName: preview.fileName,
      headerLine: sheet.headerLine,
      columns: sheet.headers.map((label, index) => ({ index, label, field: sheet.mapping[index] ?? null })),
      toAddCount: preview.toAdd.length,
      sample: preview.toAdd.slice(0, PREVIEW_ROWS).map((row) => ({ line: row.line, ...row.recipient, categoryName: row.categoryName, invitee: row.invitee?.name ?? null })),
      alreadyListed: preview.alreadyListed,
      errors: preview.errors,
      duplicates: sheet.duplicates,
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  if (request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    let formData: FormData;
    try {
      formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_BYTES }));
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) return data({ failure: messageKey("import.failure.tooLarge") }, { status: 400 });
      throw error;
    }
    const file = formData.get("file");
    if (!(file instanceof File) || file.size === 0) return data({ failure: messageKey("import.failure.empty") }, { status: 400 });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const sheet = await readSpreadsheet({ fileName: file.name, bytes }, awardSheet);
    if (!sheet.ok) return data({ failure: failureMessage(sheet.error), line: sheet.line ?? null }, { status: 400 });
    const draftId = await saveAwardImportDraft(context.db, { eventId, organizerId: organizer.id, fileName: file.name, bytes });
    const category = parseId(formData.get("category"));
    return redirect(`/admin/events/${eventId}/awards/import?draft=${draftId}${category ? `&category=${category}` : ""}`);
  }
  const formData = await readFormData(request);
  const draftId = parseId(formData.get("draft"));
  if (draftId === null) return data({ failure: messageKey("error.invalid") }, { status: 400 });
  const result = await confirmAwardImport(
    context.db,
    eventId,
    draftId,
    { mapping: parseAwardMapping(formData.entries()), targetCategoryId: parseId(formData.get("category")) },
    organizerAccess(context, organizer.id),
  );
  if (!result.ok) return data({ failure: messageKey("import.expired") }, { status: 400 });
  return redirect(`/admin/events/${eventId}/awards?imported=${result.added}`);
}

export default function ImportRecipients() {
  const { eventId, categories, targetCategoryId, preview } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { failure?: MessageKey; line?: number | null } | undefined;
  const t = useT();
  const fieldLabel = (field: AwardField) => t(`awards.field.${field}` as const);
  return (
    <section>
      <h1>{t("awardImport.title")}</h1>
      {result?.failure ? (
        <div className="notice notice--error" role="alert">
          {t(result.failure, { line: result.line ?? "" })}
        </div>
      ) : null}
      {!preview ? <UploadForm eventId={eventId} categories={categories} targetCategoryId={targetCategoryId} /> : null}
      {preview?.status === "unreadable" ? (
        <>
          <div className="notice notice--error" role="alert">
            {preview.fileName}: {t(preview.failure, { line: preview.line ?? "" })}
          </div>
          <UploadForm eventId={eventId} categories={categories} targetCategoryId={targetCategoryId} />
        </>
      ) : null}
      {preview?.status === "ready" ? (
        <>
          <p>
            <strong>{preview.fileName}</strong> · {t("import.headerAt", { line: preview.headerLine })}
          </p>
          <ul className="group-counts" aria-label={t("import.summary")}>
            <li>{t("awardImport.toAdd", { count: preview.toAddCount })}</li>
            <li>{t("awardImport.already", { count: preview.alreadyListed.length })}</li>
            <li>{t("import.withErrors", { count: preview.errors.length })}</li>
            <li>{t("import.duplicates", { count: preview.duplicates.length })}</li>
          </ul>
          <Form method="get" className="mapping">
            <input type="hidden" name="draft" value={preview.draftId} />
            <CategorySelect categories={categories} value={targetCategoryId} id="preview-category" />
            <fieldset>
              <legend>{t("import.columns")}</legend>
              <ColumnMapping columns={preview.columns} fields={preview.fields} fieldLabel={fieldLabel} />
            </fieldset>
            <button type="submit" className="button">
              {t("import.remap")}
            </button>
          </Form>
          {preview.errors.length ? (
            <>
              <h2>{t("import.errorsTitle")}</h2>
              <ul className="import-errors">
                {preview.errors.map((error) => (
                  <li key={`${error.line}-${error.field}`}>
                    {t("awardImport.lineError", { line: error.line, field: fieldLabel(error.field), reason: t(error.reason) })}
                    {error.value ? <span className="muted"> ({error.value})</span> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <ImportDuplicates duplicates={preview.duplicates} />
          {preview.alreadyListed.length ? (
            <>
              <h2>{t("awardImport.alreadyTitle")}</h2>
              <ul>
                {preview.alreadyListed.map((row) => (
                  <li key={row.line}>
                    {t("import.line")} {row.line}: {row.name} ({row.categoryName})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {preview.sample.length ? (
            <>
              <h2>{t("awardImport.sampleTitle")}</h2>
              <TableScroll label={t("awardImport.sampleTitle")}>
                <table className="table">
                  <caption className="visually-hidden">{t("awardImport.sampleTitle")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("import.line")}</th>
                      <th scope="col">{fieldLabel("category")}</th>
                      <th scope="col">{fieldLabel("name")}</th>
                      <th scope="col">{fieldLabel("organization")}</th>
                      <th scope="col">{fieldLabel("grade")}</th>
                      <th scope="col">{fieldLabel("minor")}</th>
                      <th scope="col">{t("awardImport.linked")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.sample.map((row) => (
                      <tr key={row.line}>
                        <td>{row.line}</td>
                        <td>{row.categoryName}</td>
                        <td>{row.name}</td>
                        <td>{row.organization}</td>
                        <td>{row.grade}</td>
                        <td>{row.minor ? t("attendees.yes") : ""}</td>
                        <td>{row.invitee ?? ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            </>
          ) : null}
          <Form method="post" className="actions">
            <input type="hidden" name="draft" value={preview.draftId} />
            <input type="hidden" name="category" value={targetCategoryId ?? ""} />
            <MappingInputs columns={preview.columns} />
            <button type="submit" className="button button--primary" disabled={preview.toAddCount === 0}>
              {t("awardImport.confirm", { count: preview.toAddCount })}
            </button>
            <Link to={`/admin/events/${eventId}/awards/import`} className="button">
              {t("import.cancel")}
            </Link>
          </Form>
        </>
      ) : null}
    </section>
  );
}
