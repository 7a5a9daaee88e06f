import { data, MaxPartSizeExceededError, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ColumnMapping, ImportDuplicates, MappingInputs } from "~/components/import-preview";
import { confirmImport, parseMapping, previewImport, saveImportDraft } from "~/domain/invitations/invitee-import.server";
import { requireEventPermission } from "~/web/auth.server";
import { organizerAccess } from "~/web/access-by.server";
import { translator, useT, type MessageKey, messageKey } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { importFailureMessages, MAX_BYTES } from "~/lib/spreadsheet.server";
import { FIELDS, readInviteeSpreadsheet } from "~/domain/invitations/invitee-sheet.server";
import { readFormData } from "~/web/form-data.server";
import { parseId } from "~/lib/ids";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

const PREVIEW_ROWS = 20;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const t = translator(await resolveLocale(request));
  const url = new URL(request.url);
  const pageTitle = `${t("import.title")} · ${t("app.name")}`;
  const draftId = parseId(url.searchParams.get("draft"));
  if (draftId === null) return { eventId, pageTitle, preview: null };
  const mapping = parseMapping(url.searchParams.entries());
  const preview = await previewImport(context.db, eventId, draftId, mapping);
  if (preview.status === "missing") throw redirect(`/admin/events/${eventId}/invitees/import`);
  if (preview.status === "unreadable") {
    return { eventId, pageTitle, preview: { status: "unreadable" as const, fileName: preview.fileName, failure: importFailureMessages[preview.sheet.error], line: preview.sheet.line ?? null } };
  }
  const { sheet } = preview;
  return {
    eventId,
    pageTitle,
    preview: {
      status: "ready" as const,
      // The field list travels with the data: the component may not import a .server module.
      fields: [...FIELDS],
      draftId,
      fileName: preview.fileName,
      headerLine: sheet.headerLine,
      columns: sheet.headers.map((label, index) => ({ index, label, field: sheet.mapping[index] ?? null })),
      toAddCount: preview.toAdd.length,
      toUpdateCount: preview.toUpdate.length,
      sample: preview.toAdd.slice(0, PREVIEW_ROWS).map((row) => ({ line: row.line, ...row.invitee })),
      errors: sheet.errors,
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
    const sheet = await readInviteeSpreadsheet({ fileName: file.name, bytes });
    if (!sheet.ok) return data({ failure: importFailureMessages[sheet.error], line: sheet.line ?? null }, { status: 400 });
    const draftId = await saveImportDraft(context.db, { eventId, organizerId: organizer.id, fileName: file.name, bytes });
    return redirect(`/admin/events/${eventId}/invitees/import?draft=${draftId}`);
  }
  const formData = await readFormData(request);
  const draftId = parseId(formData.get("draft"));
  if (draftId === null) return data({ failure: messageKey("error.invalid") }, { status: 400 });
  const result = await confirmImport(context.db, eventId, draftId, parseMapping(formData.entries()), organizerAccess(context, organizer.id));
  if (!result.ok) {
    const failure: MessageKey = result.reason === "conflict" ? "import.conflict" : "import.expired";
    return data({ failure }, { status: result.reason === "conflict" ? 409 : 400 });
  }
  return redirect(`/admin/events/${eventId}/invitees?imported=${result.added}&updated=${result.updated}`);
}

function UploadForm({ eventId }: { eventId: number }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>{t("import.intro")}</p>
      <Form method="post" encType="multipart/form-data" className="upload-form">
        <div className="field">
          <label htmlFor="import-file">{t("import.file")}</label>
          <input id="import-file" name="file" type="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          <p className="field__hint">{t("import.fileHint")}</p>
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("import.upload")}
        </button>
      </Form>
      <p>
        <a href="/samples/invitee-template.csv" download>
          {t("import.template")}
        </a>{" "}
        ·{" "}
        <a href="/samples/invitee-sample.csv" download>
          {t("import.sample")}
        </a>
      </p>
      <p>
        <Link to={`/admin/events/${eventId}/invitees`}>← {t("invitee.title")}</Link>
      </p>
    </>
  );
}

export default function ImportInvitees() {
  const { eventId, preview } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { failure?: MessageKey; line?: number | null } | undefined;
  const t = useT();
  return (
    <section>
      <h1>{t("import.title")}</h1>
      {result?.failure ? (
        <div className="notice notice--error" role="alert">
          {t(result.failure, { line: result.line ?? "" })}
        </div>
      ) : null}
      {!preview ? <UploadForm eventId={eventId} /> : null}
      {preview?.status === "unreadable" ? (
        <>
          <div className="notice notice--error" role="alert">
            {preview.fileName}: {t(preview.failure, { line: preview.line ?? "" })}
          </div>
          <UploadForm eventId={eventId} />
        </>
      ) : null}
      {preview?.status === "ready" ? (
        <>
          <p>
            <strong>{preview.fileName}</strong> · {t("import.headerAt", { line: preview.headerLine })}
          </p>
          <ul className="group-counts" aria-label={t("import.summary")}>
            <li>{t("import.toAdd", { count: preview.toAddCount })}</li>
            <li>{t("import.toUpdate", { count: preview.toUpdateCount })}</li>
            <li>{t("import.withErrors", { count: preview.errors.length })}</li>
            <li>{t("import.duplicates", { count: preview.duplicates.length })}</li>
          </ul>
          <Form method="get" className="mapping">
            <input type="hidden" name="draft" value={preview.draftId} />
            <fieldset>
              <legend>{t("import.columns")}</legend>
              <ColumnMapping columns={preview.columns} fields={preview.fields} fieldLabel={(field) => t(`import.field.${field}` as const)} />
              <button type="submit" className="button">
                {t("import.remap")}
              </button>
            </fieldset>
          </Form>
          {preview.errors.length ? (
            <>
              <h2>{t("import.errorsTitle")}</h2>
              <table className="table">
                <caption className="visually-hidden">{t("import.errorsTitle")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("import.line")}</th>
                    <th scope="col">{t("import.fieldColumn")}</th>
                    <th scope="col">{t("import.value")}</th>
                    <th scope="col">{t("import.reason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.errors.map((error) => (
                    <tr key={`${error.line}-${error.field}`}>
                      <td>{error.line}</td>
                      <td>{t(`import.field.${error.field}` as const)}</td>
                      <td>{error.value}</td>
                      <td>{t(error.reason)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          <ImportDuplicates duplicates={preview.duplicates} />
          {preview.sample.length ? (
            <>
              <h2>{t("import.sampleTitle", { count: preview.sample.length })}</h2>
              <table className="table">
                <caption className="visually-hidden">{t("import.sampleTitle", { count: preview.sample.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("import.line")}</th>
                    <th scope="col">{t("invitee.name")}</th>
                    <th scope="col">{t("invitee.organization")}</th>
                    <th scope="col">{t("invitee.group")}</th>
                    <th scope="col">{t("invitee.contact")}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.sample.map((row) => (
                    <tr key={row.line}>
                      <td>{row.line}</td>
                      <td>
                        {row.name}
                        {row.vip ? <span className="vip"> VIP</span> : null}
                      </td>
                      <td>{[row.organization, row.position].filter(Boolean).join(" · ")}</td>
                      <td>{row.group}</td>
                      <td>{row.email ?? row.phone}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          <Form method="post" className="actions">
            <input type="hidden" name="draft" value={preview.draftId} />
            <MappingInputs columns={preview.columns} />
            <button type="submit" className="button button--primary" disabled={preview.toAddCount + preview.toUpdateCount === 0}>
              {t("import.confirm", { count: preview.toAddCount + preview.toUpdateCount })}
            </button>
            <Link to={`/admin/events/${eventId}/invitees/import`} className="button">
              {t("import.cancel")}
            </Link>
          </Form>
        </>
      ) : null}
    </section>
  );
}
