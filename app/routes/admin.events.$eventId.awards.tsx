import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrorSummary, SelectField, type FormState } from "~/components/field";
import { addAwardCategory, addAwardRecipient, categoryFormSchema, listAwards, recipientFormSchema } from "~/domain/awards.server";
import { getEvent } from "~/domain/events.server";
import { requireEventPermission } from "~/lib/auth.server";
import { eventTitle } from "~/lib/event-view";
import { fieldFailure, parseForm } from "~/lib/forms";
import { inLocale, translator, useT } from "~/lib/i18n";
import { resolveLocale } from "~/lib/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Nanum" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const event = await getEvent(context.db, eventId);
  if (!event) throw new Response("Not found", { status: 404 });
  const locale = await resolveLocale(request);
  const t = translator(locale);
  const categories = await listAwards(context.db, eventId, "organizer");
  return {
    eventId,
    slug: event.slug,
    title: eventTitle(event, locale),
    categories: categories.map((category) => ({ ...category, name: inLocale(locale, { ko: category.name_ko, en: category.name_en }) })),
    pageTitle: `${t("awards.title")} · ${eventTitle(event, locale)}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const formData = await request.formData();
  if (formData.get("intent") === "category") {
    const parsed = parseForm(categoryFormSchema, formData);
    if (!parsed.success) return data({ ...parsed, form: "category" }, { status: 400 });
    await addAwardCategory(context.db, eventId, parsed.data);
    return redirect(`/admin/events/${eventId}/awards`);
  }
  const parsed = parseForm(recipientFormSchema, formData);
  if (!parsed.success) return data({ ...parsed, form: "recipient" }, { status: 400 });
  if (!(await addAwardRecipient(context.db, eventId, parsed.data))) return data({ ...fieldFailure(formData, { categoryId: "error.invalid" }), form: "recipient" }, { status: 400 });
  return redirect(`/admin/events/${eventId}/awards`);
}

export default function Awards() {
  const { eventId, slug, title, categories } = useLoaderData<typeof loader>();
  const result: FormState & { form?: string } = useActionData<typeof action>() ?? {};
  const t = useT();
  const stateFor = (form: string): FormState => (result.form === form ? result : {});
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("awards.title")}</h1>
      <p className="actions">
        <Link to={`/e/${slug}/awards`} className="button">
          {t("awards.public")}
        </Link>
      </p>
      {categories.length === 0 ? <p>{t("awards.none")}</p> : null}
      {categories.map((category) => (
        <section key={category.id}>
          <h2>{category.name}</h2>
          <ol>
            {category.recipients.map((recipient) => (
              <li key={recipient.id}>
                {recipient.name} {recipient.organization} {recipient.grade}
                {recipient.is_minor ? <span className="badge">{t("awards.minor")}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ))}
      {categories.length > 0 ? (
        <>
          <h2>{t("awards.addRecipient")}</h2>
          <FormErrorSummary state={stateFor("recipient")} />
          {/* A new key once a recipient is added, so the form empties for the next one. */}
          <Form method="post" noValidate key={`recipient-${categories.reduce((count, category) => count + category.recipients.length, 0)}`}>
            <input type="hidden" name="intent" value="recipient" />
            <SelectField name="categoryId" label={t("awards.category")} state={stateFor("recipient")} options={categories.map((category) => ({ value: String(category.id), label: category.name }))} />
            <Field name="name" label={t("invitee.name")} required state={stateFor("recipient")} />
            <Field name="organization" label={t("awards.school")} state={stateFor("recipient")} />
            <Field name="grade" label={t("awards.grade")} state={stateFor("recipient")} />
            <Field name="citation" label={t("awards.citation")} multiline state={stateFor("recipient")} />
            <div className="field field--check">
              <input type="checkbox" id="field-isMinor" name="isMinor" defaultChecked={stateFor("recipient").values?.isMinor === "on"} />
              <label htmlFor="field-isMinor">{t("awards.isMinor")}</label>
            </div>
            <button type="submit" className="button button--primary">
              {t("awards.addRecipient")}
            </button>
          </Form>
        </>
      ) : null}
      <h2>{t("awards.addCategory")}</h2>
      <FormErrorSummary state={stateFor("category")} />
      <Form method="post" noValidate key={`category-${categories.length}`}>
        <input type="hidden" name="intent" value="category" />
        <Field name="nameKo" label={t("awards.nameKo")} state={stateFor("category")} />
        <Field name="nameEn" label={t("awards.nameEn")} state={stateFor("category")} />
        <Field name="descriptionKo" label={t("agenda.descriptionKo")} multiline state={stateFor("category")} />
        <Field name="descriptionEn" label={t("agenda.descriptionEn")} multiline state={stateFor("category")} />
        <Field name="presenter" label={t("awards.presenterField")} state={stateFor("category")} />
        <button type="submit" className="button">
          {t("awards.addCategory")}
        </button>
      </Form>
    </section>
  );
}
