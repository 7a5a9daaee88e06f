import { data, MaxPartSizeExceededError, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { importSeats, type SeatImportLineError } from "~/domain/seating/seat-import.server";
import { messageKey, useT, type MessageKey } from "~/i18n/i18n";
import { importFailureMessages } from "~/lib/spreadsheet.server";
import { organizerAccess } from "~/web/access-by.server";
import { requireEventPermission } from "~/web/auth.server";
import { requireEventPage } from "~/web/event-page.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

// A seat sheet is a few kilobytes; the body limit for ordinary forms (1 MiB) is plenty.
const MAX_SHEET_BYTES = 1000 * 1024;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, t } = await requireEventPage(request, context, params.eventId, "event.edit");
  return { eventId, pageTitle: `${t("seatImport.title")} · ${t("app.name")}` };
}

const LINE_ERRORS = {
  guest: "seatImport.error.guest",
  "guest-ambiguous": "seatImport.error.guestAmbiguous",
  block: "seatImport.error.block",
  seat: "seatImport.error.seat",
  taken: "seatImport.error.taken",
  twice: "seatImport.error.twice",
  companion: "seatImport.error.companion",
  row: "seatImport.error.row",
} as const satisfies Record<SeatImportLineError["reason"], MessageKey>;

/** Seats from a sheet: applied whole, or not at all with every bad row told by its line. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId, organizer } = await requireEventPermission(request, context, params.eventId, "event.edit");
  let file: FormDataEntryValue | null = null;
  try {
    const formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_SHEET_BYTES }));
    file = formData.get("file");
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return data({ failure: messageKey("import.failure.tooLarge"), errors: [] }, { status: 400 });
    // Not a multipart body (a hand-made request): the same as no file.
  }
  if (!(file instanceof File) || file.size === 0) return data({ failure: messageKey("import.failure.empty"), errors: [] }, { status: 400 });
  const result = await importSeats(context.db, organizerAccess(context, organizer.id), { eventId, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
  if (result.ok) return redirect(`/admin/events/${eventId}/seating?done=imported&seated=${result.seated}#seated`);
  if ("failure" in result) return data({ failure: importFailureMessages[result.failure], errors: [] }, { status: 400 });
  return data({ failure: messageKey("seatImport.failed"), errors: result.errors.map((error) => ({ line: error.line, message: LINE_ERRORS[error.reason], value: error.value })) }, { status: 400 });
}

export default function ImportSeats() {
  const { eventId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}/seating`}>← {t("seating.title")}</Link>
      </p>
      <h1>{t("seatImport.title")}</h1>
      <p>{t("seatImport.intro")}</p>
      {result?.failure ? (
        <div className="notice notice--error" role="alert">
          <p>{t(result.failure, { line: "" })}</p>
          {result.errors.length > 0 ? (
            <ul>
              {result.errors.map((error, index) => (
                <li key={index}>
                  {t("seatImport.line", { line: error.line })} {t(error.message)}
                  {error.value ? ` (${error.value})` : ""}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" reloadDocument>
        <div className="field">
          <label htmlFor="seat-file">{t("seatImport.file")}</label>
          <input id="seat-file" type="file" name="file" accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required aria-describedby="seat-file-hint" />
          <p className="field__hint" id="seat-file-hint">
            {t("seatImport.hint")}
          </p>
        </div>
        <button type="submit" className="button button--primary">
          {t("seatImport.submit")}
        </button>
      </Form>
    </section>
  );
}
