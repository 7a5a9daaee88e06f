import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormErrorSummary, SelectField, type FormState } from "~/components/field";
import { AgendaRefused, getSession, listAgenda, listPeople, personLine, saveSession, sessionFormSchema, setSessionPeople } from "~/domain/program/agenda.server";
import { SESSION_KINDS } from "~/domain/program/session-kinds";
import { eventTitle } from "~/domain/events/event-view";
import { fieldFailure, parseForm } from "~/lib/forms.server";
import { inLocale, useT } from "~/i18n/i18n";
import { readFormData } from "~/web/form-data.server";
import { parseId } from "~/lib/ids";
import { notFound } from "~/web/responses";
import { pageTitleMeta } from "~/web/meta";
import { requireEventPage } from "~/web/event-page.server";

export const meta = pageTitleMeta;

async function loadSession(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const page = await requireEventPage(request, context, params.eventId, "event.edit");
  const sessionId = parseId(params.sessionId);
  const session = sessionId === null ? undefined : await getSession(context.db, page.event, sessionId);
  if (!session) throw notFound();
  return { ...page, session };
}

/** One session to change: its times, titles, room, the MC's note, and who speaks or performs. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { event, session, locale, t } = await loadSession(request, context, params);
  const [{ parts }, people] = await Promise.all([listAgenda(context.db, event.id), listPeople(context.db, event.id)]);
  const title = inLocale(locale, { ko: session.title_ko, en: session.title_en });
  return {
    eventId: event.id,
    eventTitle: eventTitle(event, locale),
    sessionTitle: title,
    defaults: {
      partId: session.part_id === null ? "" : String(session.part_id),
      kind: session.kind,
      startTime: session.startTime,
      endTime: session.endTime,
      titleKo: session.title_ko,
      titleEn: session.title_en,
      descriptionKo: session.description_ko,
      descriptionEn: session.description_en,
      room: session.room,
      cue: session.cue,
    },
    personIds: session.personIds,
    parts: parts.map((part) => ({ id: part.id, title: inLocale(locale, { ko: part.title_ko, en: part.title_en }) })),
    people: people.map((person) => ({ id: person.id, line: personLine(person, locale) })),
    pageTitle: `${title} · ${t("agenda.title")}`,
  };
}

/** The people ticked, in the order typed next to them (then in list order). */
function chosenPeople(formData: FormData): number[] {
  const ticked = formData
    .getAll("person")
    .map(parseId)
    .filter((id) => id !== null);
  const order = (id: number) => {
    const value = Number(formData.get(`order.${id}`));
    return Number.isFinite(value) && String(formData.get(`order.${id}`) ?? "").trim() !== "" ? value : Number.MAX_SAFE_INTEGER;
  };
  return ticked
    .map((id, index) => ({ id, index }))
    .sort((a, b) => order(a.id) - order(b.id) || a.index - b.index)
    .map(({ id }) => id);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { event, session } = await loadSession(request, context, params);
  const formData = await readFormData(request);
  const people = chosenPeople(formData);
  const parsed = parseForm(sessionFormSchema, formData);
  if (!parsed.success) return data({ ...parsed, people, overlapWith: null }, { status: 400 });
  try {
    await saveSession(context.db, event.id, parsed.data, session.id);
  } catch (error) {
    if (!(error instanceof AgendaRefused)) throw error;
    const { refusal } = error;
    const field = refusal.reason === "unknown-part" ? "partId" : "startTime";
    return data({ ...fieldFailure(formData, { [field]: `agenda.error.${refusal.reason}` as const }), people, overlapWith: refusal.reason === "overlap" ? refusal.other.title : null }, { status: 409 });
  }
  if (!(await setSessionPeople(context.db, event.id, session.id, people))) {
    return data({ ...fieldFailure(formData, { people: "agenda.error.unknownPerson" }), people, overlapWith: null }, { status: 400 });
  }
  return redirect(`/admin/events/${event.id}/agenda`);
}

export default function EditSession() {
  const { eventId, eventTitle: title, sessionTitle, defaults, personIds, parts, people } = useLoaderData<typeof loader>();
  const result: FormState & { people?: number[]; overlapWith?: string | null } = useActionData<typeof action>() ?? {};
  const t = useT();
  const checked = new Set(result.people ?? personIds);
  const order = (id: number) => result.values?.[`order.${id}`] ?? (personIds.includes(id) ? String(personIds.indexOf(id) + 1) : "");
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}/agenda`}>
          ← {t("agenda.title")} · {title}
        </Link>
      </p>
      <h1>{t("agenda.editSession", { title: sessionTitle })}</h1>
      {result.overlapWith ? (
        <p className="notice notice--error" role="alert">
          {t("agenda.overlapBoth", { title: result.values?.titleKo || result.values?.titleEn || sessionTitle, other: result.overlapWith })}
        </p>
      ) : null}
      <FormErrorSummary state={result} />
      <Form method="post" noValidate>
        <SelectField
          name="partId"
          label={t("agenda.part")}
          state={result}
          defaults={defaults}
          options={[{ value: "", label: t("agenda.noPart") }, ...parts.map((part) => ({ value: String(part.id), label: part.title }))]}
        />
        <SelectField name="kind" label={t("agenda.kind")} state={result} defaults={defaults} options={SESSION_KINDS.map((kind) => ({ value: kind, label: t(`agenda.kind.${kind}` as const) }))} />
        <div className="field-row">
          <Field name="startTime" type="time" label={t("field.startTime")} required state={result} defaults={defaults} />
          <Field name="endTime" type="time" label={t("field.endTime")} required state={result} defaults={defaults} />
        </div>
        <Field name="titleKo" label={t("agenda.titleKo")} state={result} defaults={defaults} />
        <Field name="titleEn" label={t("agenda.titleEn")} state={result} defaults={defaults} />
        <Field name="descriptionKo" label={t("agenda.descriptionKo")} multiline state={result} defaults={defaults} />
        <Field name="descriptionEn" label={t("agenda.descriptionEn")} multiline state={result} defaults={defaults} />
        <Field name="room" label={t("agenda.room")} hint={t("agenda.roomHint")} state={result} defaults={defaults} />
        <Field name="cue" label={t("agenda.cue")} hint={t("agenda.cueHint")} multiline state={result} defaults={defaults} />
        <fieldset className={result.errors?.people ? "field field--error" : "field"}>
          <legend>{t("agenda.people")}</legend>
          <p className="field__hint">{t("agenda.peopleHint")}</p>
          {people.length === 0 ? <p>{t("agenda.noPeople")}</p> : null}
          {people.map((person) => (
            <div key={person.id} className="person-choice">
              <input type="checkbox" id={`person-${person.id}`} name="person" value={person.id} defaultChecked={checked.has(person.id)} />
              <label htmlFor={`person-${person.id}`}>{person.line}</label>
              <label className="visually-hidden" htmlFor={`order-${person.id}`}>
                {t("agenda.personOrder", { name: person.line })}
              </label>
              <input id={`order-${person.id}`} name={`order.${person.id}`} type="number" inputMode="numeric" min={1} max={99} className="input--narrow" defaultValue={order(person.id)} />
            </div>
          ))}
          {result.errors?.people ? (
            <p className="field__error" role="alert">
              {t(result.errors.people)}
            </p>
          ) : null}
          <p>
            <Link to={`/admin/events/${eventId}/agenda/people`}>{t("agenda.managePeople")}</Link>
          </p>
        </fieldset>
        <button type="submit" className="button button--primary">
          {t("form.save")}
        </button>
      </Form>
    </section>
  );
}
