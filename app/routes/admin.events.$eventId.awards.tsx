import { data, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import { recordAccess } from "~/domain/access-records/access-records.server";
import { organizerAccess } from "~/web/access-by.server";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CategoryFields, CategorySection, EditCategory, EditRecipient, RecipientFields } from "~/components/awards/award-parts";
import { z } from "zod";
import { FormErrorSummary, type FormState } from "~/components/field";
import {
  addAwardCategory,
  addAwardRecipient,
  AwardRefused,
  categoryFormSchema,
  listAwardsForOrganizer,
  listInviteeChoices,
  listSessionChoices,
  moveAwardCategory,
  moveAwardRecipient,
  moveSchema,
  recipientFormSchema,
  removeAwardCategory,
  removeAwardRecipient,
  updateAwardCategory,
  updateAwardRecipient,
} from "~/domain/program/awards.server";
import { requireEventPermission } from "~/web/auth.server";
import { eventTitle } from "~/domain/events/event-view";
import { fieldFailure, parseForm, rowIdField } from "~/lib/forms.server";
import { useT, type MessageKey, messageKey } from "~/i18n/i18n";
import { readFormData } from "~/web/form-data.server";
import { parseId } from "~/lib/ids";
import { requireEventPage } from "~/web/event-page.server";
import { notFound } from "~/web/responses";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const url = new URL(request.url);
  const categories = (await listAwardsForOrganizer(context.db, eventId, locale)) ?? [];
  // ?category=<id> or ?recipient=<id> opens that one's edit form on this page.
  const editRecipientId = parseId(url.searchParams.get("recipient"));
  const editCategoryId = editRecipientId === null ? parseId(url.searchParams.get("category")) : null;
  const editCategory = editCategoryId === null ? null : (categories.find((category) => category.id === editCategoryId) ?? null);
  const editRecipient = editRecipientId === null ? null : (categories.flatMap((category) => category.recipients).find((recipient) => recipient.id === editRecipientId) ?? null);
  if ((editCategoryId !== null && !editCategory) || (editRecipientId !== null && !editRecipient)) throw notFound();
  const imported = parseId(url.searchParams.get("imported"));
  const recipients = categories.flatMap((category) => category.recipients);
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: editRecipient ? "view" : "list",
    eventId,
    count: editRecipient ? 1 : recipients.length,
    filter: { list: "awards" },
  });
  return {
    eventId,
    slug: event.slug,
    title: eventTitle(event, locale),
    categories,
    sessions: await listSessionChoices(context.db, eventId, event.time_zone, locale),
    invitees: await listInviteeChoices(context.db, eventId),
    editCategory,
    editRecipient,
    notice: imported !== null ? t("awards.imported", { count: imported }) : url.searchParams.has("saved") ? t("awards.saved") : url.searchParams.has("deleted") ? t("awards.deleted") : null,
    pageTitle: `${t("awards.title")} · ${eventTitle(event, locale)} · ${t("nav.admin")}`,
  };
}

const refusalMessage: Record<AwardRefused["field"], MessageKey> = {
  categoryId: "awards.error.unknownCategory",
  sessionId: "awards.error.unknownSession",
  inviteeId: "awards.error.unknownInvitee",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  // What a post on this page asks for; a form without an intent adds a recipient.
  const awardCommand = z.discriminatedUnion("intent", [
    z.object({ intent: z.enum(["move-category", "move-recipient"]), id: rowIdField, direction: moveSchema.shape.direction }),
    z.object({ intent: z.enum(["delete-category", "delete-recipient"]), id: rowIdField }),
    z.object({ intent: z.enum(["category", "recipient"]) }),
    z.object({ intent: z.enum(["update-category", "update-recipient"]), id: rowIdField }),
  ]);
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const formData = await readFormData(request);
  const page = `/admin/events/${eventId}/awards`;
  const parsed = awardCommand.safeParse({ intent: "recipient", ...Object.fromEntries(formData) });
  if (!parsed.success) return data({ errors: { form: messageKey("error.invalid") }, form: "" }, { status: 400 });
  const command = parsed.data;
  // Only adding has no id; an id no row can have is not found, whatever the form says.
  const id = "id" in command ? command.id : undefined;
  if (id === null) throw notFound();
  switch (command.intent) {
    case "move-category":
    case "move-recipient": {
      const move = command.intent === "move-category" ? moveAwardCategory : moveAwardRecipient;
      if (!(await move(context.db, eventId, id!, command.direction))) throw notFound();
      return redirect(`${page}#${command.intent === "move-category" ? "category" : "recipient"}-${id}`);
    }
    case "delete-category":
    case "delete-recipient": {
      const remove = command.intent === "delete-category" ? removeAwardCategory : removeAwardRecipient;
      if (!(await remove(context.db, eventId, id!))) throw notFound();
      return redirect(`${page}?deleted`);
    }
  }
  try {
    const saved =
      command.intent === "category" || command.intent === "update-category" ? await saveCategory(context.db, eventId, id, formData) : await saveRecipient(context.db, eventId, id, formData);
    if (saved === "not-found") throw notFound();
    if (saved !== "saved") return data({ ...saved, form: command.intent }, { status: 400 });
  } catch (error) {
    if (!(error instanceof AwardRefused)) throw error;
    return data({ ...fieldFailure(formData, { [error.field]: refusalMessage[error.field] }), form: command.intent }, { status: 400 });
  }
  return redirect(`${page}?saved`);
}

/** Adds a category, or changes the one `id` names. */
async function saveCategory(db: AppLoadContext["db"], eventId: number, id: number | undefined, formData: FormData) {
  const parsed = parseForm(categoryFormSchema, formData);
  if (!parsed.success) return parsed;
  if (id === undefined) await addAwardCategory(db, eventId, parsed.data);
  else if (!(await updateAwardCategory(db, eventId, id, parsed.data))) return "not-found" as const;
  return "saved" as const;
}

/** Adds a recipient, or changes the one `id` names. */
async function saveRecipient(db: AppLoadContext["db"], eventId: number, id: number | undefined, formData: FormData) {
  const parsed = parseForm(recipientFormSchema, formData);
  if (!parsed.success) return parsed;
  if (id === undefined) await addAwardRecipient(db, eventId, parsed.data);
  else if (!(await updateAwardRecipient(db, eventId, id, parsed.data))) return "not-found" as const;
  return "saved" as const;
}

export default function Awards() {
  const { eventId, slug, title, categories, sessions, invitees, editCategory, editRecipient, notice } = useLoaderData<typeof loader>();
  const result: FormState & { form?: string } = useActionData<typeof action>() ?? {};
  const t = useT();
  const stateFor = (form: string): FormState => (result.form === form ? result : {});
  const page = `/admin/events/${eventId}/awards`;
  const editing = editCategory !== null || editRecipient !== null;
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("awards.title")}</h1>
      {notice ? (
        <p className="notice notice--success" role="status">
          {notice}
        </p>
      ) : null}
      <FormErrorSummary state={stateFor("")} />
      <p className="actions">
        <Link to={`/e/${slug}/awards`} className="button">
          {t("awards.public")}
        </Link>
        <Link to={`${page}/import`} className="button">
          {t("awards.import")}
        </Link>
        <Link to={`/admin/events/${eventId}/download?what=awards-list`} reloadDocument className="button">
          {t("awards.printList")}
        </Link>
        <Link to={`/admin/events/${eventId}/download?what=award-certificates`} reloadDocument className="button">
          {t("awards.printCertificates")}
        </Link>
      </p>

      {editCategory ? <EditCategory eventId={eventId} category={editCategory} sessions={sessions} state={stateFor("update-category")} /> : null}

      {editRecipient ? <EditRecipient eventId={eventId} recipient={editRecipient} categories={categories} invitees={invitees} state={stateFor("update-recipient")} /> : null}

      {categories.length === 0 ? <p>{t("awards.none")}</p> : null}
      {categories.map((category, index) => (
        <CategorySection key={category.id} eventId={eventId} category={category} index={index} count={categories.length} />
      ))}
      {/* While one is being edited the add forms stay away: same field names, one form at a time. */}
      {editing ? null : (
        <>
          {categories.length > 0 ? (
            <>
              <h2>{t("awards.addRecipient")}</h2>
              <FormErrorSummary state={stateFor("recipient")} />
              {/* A new key once a recipient is added, so the form empties for the next one. */}
              <Form method="post" action={page} noValidate key={`recipient-${categories.reduce((count, category) => count + category.recipients.length, 0)}`}>
                <input type="hidden" name="intent" value="recipient" />
                <RecipientFields categories={categories} invitees={invitees} state={stateFor("recipient")} minor={false} />
                <button type="submit" className="button button--primary">
                  {t("awards.addRecipient")}
                </button>
              </Form>
            </>
          ) : null}
          <h2>{t("awards.addCategory")}</h2>
          <FormErrorSummary state={stateFor("category")} />
          <Form method="post" action={page} noValidate key={`category-${categories.length}`}>
            <input type="hidden" name="intent" value="category" />
            <CategoryFields sessions={sessions} state={stateFor("category")} />
            <button type="submit" className="button">
              {t("awards.addCategory")}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
