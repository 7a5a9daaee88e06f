import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrorSummary, SelectField, type FormState } from "~/components/field";
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
  type StandIn,
} from "~/domain/program/awards.server";
import { getEvent } from "~/domain/events/events.server";
import { requireEventPermission } from "~/web/auth.server";
import { eventTitle } from "~/domain/events/event-view";
import { fieldFailure, idField, parseForm, type FormValues } from "~/lib/forms.server";
import { translator, useT, type MessageKey, messageKey } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { answerLabelKey, type AnswerLabel } from "~/domain/rsvp/rsvp-response";
import { readFormData } from "~/web/form-data.server";
import { parseId } from "~/lib/ids";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Nanum" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const event = await getEvent(context.db, eventId);
  if (!event) throw new Response("Not found", { status: 404 });
  const locale = await resolveLocale(request);
  const t = translator(locale);
  const url = new URL(request.url);
  const categories = (await listAwardsForOrganizer(context.db, eventId, locale)) ?? [];
  // ?category=<id> or ?recipient=<id> opens that one's edit form on this page.
  const editRecipientId = parseId(url.searchParams.get("recipient"));
  const editCategoryId = editRecipientId === null ? parseId(url.searchParams.get("category")) : null;
  const editCategory = editCategoryId === null ? null : (categories.find((category) => category.id === editCategoryId) ?? null);
  const editRecipient = editRecipientId === null ? null : (categories.flatMap((category) => category.recipients).find((recipient) => recipient.id === editRecipientId) ?? null);
  if ((editCategoryId !== null && !editCategory) || (editRecipientId !== null && !editRecipient)) throw new Response("Not found", { status: 404 });
  const imported = parseId(url.searchParams.get("imported"));
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
    pageTitle: `${t("awards.title")} · ${eventTitle(event, locale)}`,
  };
}

const refusalMessage: Record<AwardRefused["field"], MessageKey> = {
  categoryId: "awards.error.unknownCategory",
  sessionId: "awards.error.unknownSession",
  inviteeId: "awards.error.unknownInvitee",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const idSchema = z.object({ id: idField });
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "recipient");
  const page = `/admin/events/${eventId}/awards`;
  const id = idSchema.safeParse(Object.fromEntries(formData));
  const notFound = () => new Response("Not found", { status: 404 });
  if (intent === "move-category" || intent === "move-recipient") {
    const move = moveSchema.safeParse(Object.fromEntries(formData));
    if (!id.success || !move.success) return data({ errors: { form: messageKey("error.invalid") }, form: "" }, { status: 400 });
    const moved = intent === "move-category" ? await moveAwardCategory(context.db, eventId, id.data.id, move.data.direction) : await moveAwardRecipient(context.db, eventId, id.data.id, move.data.direction);
    if (!moved) throw notFound();
    return redirect(`${page}#${intent === "move-category" ? "category" : "recipient"}-${id.data.id}`);
  }
  if (intent === "delete-category" || intent === "delete-recipient") {
    if (!id.success) throw notFound();
    const removed = intent === "delete-category" ? await removeAwardCategory(context.db, eventId, id.data.id) : await removeAwardRecipient(context.db, eventId, id.data.id);
    if (!removed) throw notFound();
    return redirect(`${page}?deleted`);
  }
  try {
    if (intent === "category" || intent === "update-category") {
      const parsed = parseForm(categoryFormSchema, formData);
      if (!parsed.success) return data({ ...parsed, form: intent }, { status: 400 });
      if (intent === "category") await addAwardCategory(context.db, eventId, parsed.data);
      else if (!id.success || !(await updateAwardCategory(context.db, eventId, id.data.id, parsed.data))) throw notFound();
    } else {
      const parsed = parseForm(recipientFormSchema, formData);
      if (!parsed.success) return data({ ...parsed, form: intent }, { status: 400 });
      if (intent !== "update-recipient") await addAwardRecipient(context.db, eventId, parsed.data);
      else if (!id.success || !(await updateAwardRecipient(context.db, eventId, id.data.id, parsed.data))) throw notFound();
    }
  } catch (error) {
    if (!(error instanceof AwardRefused)) throw error;
    return data({ ...fieldFailure(formData, { [error.field]: refusalMessage[error.field] }), form: intent }, { status: 400 });
  }
  return redirect(`${page}?saved`);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Category = LoaderData["categories"][number];
type Recipient = Category["recipients"][number];

function SessionSelect({ sessions, state, defaults }: { sessions: LoaderData["sessions"]; state: FormState; defaults: FormValues }) {
  const t = useT();
  const error = state.errors?.sessionId;
  const awards = sessions.filter((session) => session.isAwards);
  const others = sessions.filter((session) => !session.isAwards);
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor="field-sessionId">{t("awards.session")}</label>
      <select id="field-sessionId" name="sessionId" defaultValue={state.values?.sessionId ?? defaults.sessionId ?? ""} aria-invalid={error ? true : undefined} aria-describedby="field-sessionId-hint">
        <option value="">{t("awards.sessionNone")}</option>
        {[
          { label: t("awards.sessionsAwards"), items: awards },
          { label: t("awards.sessionsOther"), items: others },
        ]
          .filter((group) => group.items.length > 0)
          .map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.items.map((session) => (
                <option key={session.id} value={String(session.id)}>
                  {session.label}
                </option>
              ))}
            </optgroup>
          ))}
      </select>
      <p className="field__hint" id="field-sessionId-hint">
        {t("awards.sessionHint")}
      </p>
      {error ? (
        <p className="field__error" role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

function CategoryFields({ sessions, state, defaults = {} }: { sessions: LoaderData["sessions"]; state: FormState; defaults?: FormValues }) {
  const t = useT();
  return (
    <>
      <Field name="nameKo" label={t("awards.nameKo")} state={state} defaults={defaults} />
      <Field name="nameEn" label={t("awards.nameEn")} state={state} defaults={defaults} />
      <Field name="descriptionKo" label={t("agenda.descriptionKo")} multiline state={state} defaults={defaults} />
      <Field name="descriptionEn" label={t("agenda.descriptionEn")} multiline state={state} defaults={defaults} />
      <Field name="presenter" label={t("awards.presenterField")} state={state} defaults={defaults} />
      <SessionSelect sessions={sessions} state={state} defaults={defaults} />
    </>
  );
}

function RecipientFields({ categories, invitees, state, defaults = {}, minor }: { categories: Category[]; invitees: LoaderData["invitees"]; state: FormState; defaults?: FormValues; minor: boolean }) {
  const t = useT();
  return (
    <>
      <SelectField name="categoryId" label={t("awards.category")} state={state} defaults={defaults} options={categories.map((category) => ({ value: String(category.id), label: category.name }))} />
      <Field name="name" label={t("invitee.name")} required state={state} defaults={defaults} />
      <Field name="organization" label={t("awards.school")} state={state} defaults={defaults} />
      <Field name="grade" label={t("awards.grade")} state={state} defaults={defaults} />
      <Field name="citation" label={t("awards.citation")} multiline state={state} defaults={defaults} />
      <div className="field field--check">
        <input type="checkbox" id="field-isMinor" name="isMinor" defaultChecked={state.values ? state.values.isMinor === "on" : minor} />
        <label htmlFor="field-isMinor">{t("awards.isMinor")}</label>
      </div>
      <SelectField
        name="inviteeId"
        label={t("awards.invitee")}
        state={state}
        defaults={defaults}
        options={[{ value: "", label: t("awards.inviteeNone") }, ...invitees.map((invitee) => ({ value: String(invitee.id), label: [invitee.name, invitee.organization, invitee.position].filter(Boolean).join(" · ") }))]}
      />
      <p className="field__hint">{t("awards.inviteeHint")}</p>
      <Field name="standInName" label={t("awards.standInName")} state={state} defaults={defaults} hint={t("awards.standInHint")} />
      <Field name="standInPosition" label={t("awards.standInPosition")} state={state} defaults={defaults} />
    </>
  );
}

function MoveButtons({ intent, id, name, first, last }: { intent: string; id: number; name: string; first: boolean; last: boolean }) {
  const t = useT();
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" name="direction" value="up" className="button button--small" disabled={first} aria-label={t("awards.moveUp", { name })}>
        ↑
      </button>
      <button type="submit" name="direction" value="down" className="button button--small" disabled={last} aria-label={t("awards.moveDown", { name })}>
        ↓
      </button>
    </Form>
  );
}

function DeleteButton({ intent, id, confirmText }: { intent: string; id: number; confirmText: string }) {
  const t = useT();
  return (
    <Form
      method="post"
      className="inline-form"
      onSubmit={(event) => {
        if (!window.confirm(confirmText)) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="button button--small button--danger">
        {t("awards.delete")}
      </button>
    </Form>
  );
}

function StandInText({ standIn }: { standIn: StandIn }) {
  const t = useT();
  return (
    <>
      {t("awards.standInFor", { name: [standIn.name, standIn.position && `(${standIn.position})`].filter(Boolean).join(" ") })}
      <span className="muted"> · {t(standIn.source === "rsvp" ? "awards.standIn.rsvp" : "awards.standIn.organizer")}</span>
    </>
  );
}

function attendanceText(t: ReturnType<typeof useT>, attendance: AnswerLabel | null): string {
  return attendance === null ? t("awards.notLinked") : t(answerLabelKey[attendance]);
}

function RecipientRow({ eventId, recipient, index, count }: { eventId: number; recipient: Recipient; index: number; count: number }) {
  const t = useT();
  return (
    <tr id={`recipient-${recipient.id}`}>
      <td>{index + 1}</td>
      <td>
        {recipient.name}
        {recipient.isMinor ? (
          <span className="badge" title={t("awards.minor")}>
            {t("awards.field.minor")}
          </span>
        ) : null}
      </td>
      <td>{recipient.organization}</td>
      <td>{recipient.grade}</td>
      <td>
        {attendanceText(t, recipient.attendance)}
        {recipient.invitee ? <span className="muted"> ({recipient.invitee.name})</span> : null}
      </td>
      <td>{recipient.standIn ? <StandInText standIn={recipient.standIn} /> : null}</td>
      <td>
        <div className="inline-form">
          <Link to={`/admin/events/${eventId}/awards?recipient=${recipient.id}#edit`} className="button button--small" aria-label={`${t("awards.edit")}: ${recipient.name}`}>
            {t("awards.edit")}
          </Link>
          <MoveButtons intent="move-recipient" id={recipient.id} name={recipient.name} first={index === 0} last={index === count - 1} />
          <DeleteButton intent="delete-recipient" id={recipient.id} confirmText={t("awards.deleteRecipientConfirm", { name: recipient.name })} />
        </div>
      </td>
    </tr>
  );
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
        <Link to={`${page}/print`} className="button">
          {t("awards.printList")}
        </Link>
        <Link to={`${page}/certificates`} className="button">
          {t("awards.printCertificates")}
        </Link>
      </p>

      {editCategory ? (
        <section id="edit">
          <h2>{t("awards.editCategory")}</h2>
          <FormErrorSummary state={stateFor("update-category")} />
          <Form method="post" action={`${page}?category=${editCategory.id}`} noValidate>
            <input type="hidden" name="intent" value="update-category" />
            <input type="hidden" name="id" value={editCategory.id} />
            <CategoryFields
              sessions={sessions}
              state={stateFor("update-category")}
              defaults={{ nameKo: editCategory.nameKo, nameEn: editCategory.nameEn, descriptionKo: editCategory.descriptionKo, descriptionEn: editCategory.descriptionEn, presenter: editCategory.presenter, sessionId: editCategory.sessionId === null ? "" : String(editCategory.sessionId) }}
            />
            <div className="actions">
              <button type="submit" className="button button--primary">
                {t("awards.save")}
              </button>
              <Link to={page} className="button">
                {t("awards.cancel")}
              </Link>
            </div>
          </Form>
        </section>
      ) : null}

      {editRecipient ? (
        <section id="edit">
          <h2>{t("awards.editRecipient")}</h2>
          <FormErrorSummary state={stateFor("update-recipient")} />
          <Form method="post" action={`${page}?recipient=${editRecipient.id}`} noValidate>
            <input type="hidden" name="intent" value="update-recipient" />
            <input type="hidden" name="id" value={editRecipient.id} />
            <RecipientFields
              categories={categories}
              invitees={invitees}
              state={stateFor("update-recipient")}
              minor={editRecipient.isMinor}
              defaults={{
                categoryId: String(editRecipient.categoryId),
                name: editRecipient.name,
                organization: editRecipient.organization,
                grade: editRecipient.grade,
                citation: editRecipient.citation,
                inviteeId: editRecipient.invitee ? String(editRecipient.invitee.id) : "",
                standInName: editRecipient.standInName,
                standInPosition: editRecipient.standInPosition,
              }}
            />
            <div className="actions">
              <button type="submit" className="button button--primary">
                {t("awards.save")}
              </button>
              <Link to={page} className="button">
                {t("awards.cancel")}
              </Link>
              <Link to={`${page}/certificates?recipient=${editRecipient.id}`} className="button">
                {t("awards.certificateForRecipient")}
              </Link>
            </div>
          </Form>
        </section>
      ) : null}

      {categories.length === 0 ? <p>{t("awards.none")}</p> : null}
      {categories.map((category, index) => (
        <section key={category.id} id={`category-${category.id}`}>
          <h2>{category.name}</h2>
          <div className="inline-form">
            <Link to={`${page}?category=${category.id}#edit`} className="button button--small" aria-label={`${t("awards.edit")}: ${category.name}`}>
              {t("awards.edit")}
            </Link>
            <MoveButtons intent="move-category" id={category.id} name={category.name} first={index === 0} last={index === categories.length - 1} />
            <Link to={`${page}/certificates?category=${category.id}`} className="button button--small">
              {t("awards.certificatesForCategory")}
            </Link>
            <DeleteButton intent="delete-category" id={category.id} confirmText={t("awards.deleteCategoryConfirm", { name: category.name })} />
          </div>
          {category.presenter ? <p className="muted">{t("awards.presenter", { name: category.presenter })}</p> : null}
          {category.session ? <p className="muted">{t("awards.inSession", { session: category.session })}</p> : null}
          {category.recipients.length > 0 ? (
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("awards.column.number")}</th>
                    <th scope="col">{t("awards.column.name")}</th>
                    <th scope="col">{t("awards.school")}</th>
                    <th scope="col">{t("awards.grade")}</th>
                    <th scope="col">{t("awards.column.attendance")}</th>
                    <th scope="col">{t("awards.column.standIn")}</th>
                    <th scope="col">{t("awards.column.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {category.recipients.map((recipient, position) => (
                    <RecipientRow key={recipient.id} eventId={eventId} recipient={recipient} index={position} count={category.recipients.length} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
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
