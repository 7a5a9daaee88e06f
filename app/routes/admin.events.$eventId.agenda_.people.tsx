import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { listPeople, personFormSchema, removePerson, savePerson } from "~/domain/program/agenda.server";
import { requireEventPermission } from "~/web/auth.server";
import { eventTitle } from "~/domain/events/event-view";
import { fieldFailure, parseForm } from "~/lib/forms.server";
import { translator, useT } from "~/i18n/i18n";
import { readFormData } from "~/web/form-data.server";
import { parseId } from "~/lib/ids";
import { requireEventPage } from "~/web/event-page.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

/** Speakers and performers of the event, kept once and chosen on each session; `?edit=<id>` fills the form. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale } = await requireEventPage(request, context, params.eventId, "event.edit");
  const people = await listPeople(context.db, eventId);
  const editId = parseId(new URL(request.url).searchParams.get("edit"));
  const editing = people.find((person) => person.id === editId) ?? null;
  return {
    eventId,
    title: eventTitle(event, locale),
    people,
    editing: editing && {
      id: editing.id,
      values: {
        nameKo: editing.name_ko,
        nameEn: editing.name_en,
        organizationKo: editing.organization_ko,
        organizationEn: editing.organization_en,
        roleKo: editing.role_ko,
        roleEn: editing.role_en,
      },
    },
    pageTitle: `${translator(locale)("agenda.people")} · ${eventTitle(event, locale)}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const formData = await readFormData(request);
  const personId = parseId(formData.get("personId")) ?? undefined;
  const back = redirect(`/admin/events/${eventId}/agenda/people`);
  if (formData.get("intent") === "remove") {
    if (personId) await removePerson(context.db, eventId, personId);
    return back;
  }
  const parsed = parseForm(personFormSchema, formData);
  if (!parsed.success) return data(parsed, { status: 400 });
  const saved = await savePerson(context.db, eventId, parsed.data, personId);
  if (!saved) return data(fieldFailure(formData, { form: "agenda.error.unknownPerson" }), { status: 404 });
  return back;
}

export default function AgendaPeople() {
  const { eventId, title, people, editing } = useLoaderData<typeof loader>();
  const result: FormState = useActionData<typeof action>() ?? {};
  const t = useT();
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}/agenda`}>
          ← {t("agenda.title")} · {title}
        </Link>
      </p>
      <h1>{t("agenda.people")}</h1>
      <p>{t("agenda.peopleIntro")}</p>
      {people.length === 0 ? (
        <p>{t("agenda.noPeople")}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t("agenda.people")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("agenda.personName")}</th>
              <th scope="col">{t("agenda.personRole")}</th>
              <th scope="col">{t("agenda.personOrganization")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("access.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.id}>
                <td>
                  {person.name_ko} {person.name_en ? <span className="muted">{person.name_en}</span> : null}
                </td>
                <td>
                  {person.role_ko} {person.role_en ? <span className="muted">{person.role_en}</span> : null}
                </td>
                <td>
                  {person.organization_ko} {person.organization_en ? <span className="muted">{person.organization_en}</span> : null}
                </td>
                <td>
                  <Form method="post" className="inline-form">
                    <Link to={`?edit=${person.id}`} className="button button--small">
                      {t("agenda.edit")}
                    </Link>
                    <input type="hidden" name="personId" value={person.id} />
                    <button type="submit" name="intent" value="remove" className="button button--small">
                      {t("agenda.remove")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{editing ? t("agenda.editPerson") : t("agenda.addPerson")}</h2>
      <FormErrorSummary state={result} />
      {/* A new key per person and per addition: the fields refill for an edit and empty after an addition. */}
      <Form method="post" noValidate key={`${editing?.id ?? "new"}-${people.length}`}>
        {editing ? <input type="hidden" name="personId" value={editing.id} /> : null}
        <div className="field-row">
          <Field name="nameKo" label={t("agenda.personNameKo")} state={result} defaults={editing?.values} />
          <Field name="nameEn" label={t("agenda.personNameEn")} state={result} defaults={editing?.values} />
        </div>
        <div className="field-row">
          <Field name="roleKo" label={t("agenda.personRoleKo")} state={result} defaults={editing?.values} />
          <Field name="roleEn" label={t("agenda.personRoleEn")} state={result} defaults={editing?.values} />
        </div>
        <div className="field-row">
          <Field name="organizationKo" label={t("agenda.personOrganizationKo")} state={result} defaults={editing?.values} />
          <Field name="organizationEn" label={t("agenda.personOrganizationEn")} state={result} defaults={editing?.values} />
        </div>
        <button type="submit" className="button button--primary">
          {editing ? t("form.save") : t("agenda.addPerson")}
        </button>
        {editing ? (
          <Link to={`/admin/events/${eventId}/agenda/people`} className="button">
            {t("agenda.cancelEdit")}
          </Link>
        ) : null}
      </Form>
    </section>
  );
}
