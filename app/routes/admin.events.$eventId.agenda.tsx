import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type AppLoadContext } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { PartRow } from "~/components/program/part-row";
import { z } from "zod";
import { Field, FormErrorSummary, SelectField, type FormState } from "~/components/field";
import { addPart, AgendaRefused, listAgenda, partFormSchema, personLine, removePart, removeSession, saveSession, sessionFormSchema, shiftSessions, updatePart } from "~/domain/program/agenda.server";
import { SESSION_KINDS } from "~/domain/program/session-kinds";
import { requireEventPermission } from "~/web/auth.server";
import { eventTitle } from "~/domain/events/event-view";
import { formatTimeRange } from "~/lib/format";
import { fieldFailure, idField, parseForm, rowIdField } from "~/lib/forms.server";
import { inLocale, messageKey, useT } from "~/i18n/i18n";
import { readFormData } from "~/web/form-data.server";
import { requireEventPage } from "~/web/event-page.server";
import { notFound } from "~/web/responses";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t } = await requireEventPage(request, context, params.eventId, "event.edit");
  const { parts, sessions } = await listAgenda(context.db, eventId);
  return {
    eventId,
    slug: event.slug,
    title: eventTitle(event, locale),
    parts: parts.map((part) => ({ id: part.id, title: inLocale(locale, { ko: part.title_ko, en: part.title_en }), titleKo: part.title_ko, titleEn: part.title_en })),
    sessions: sessions.map((session) => ({
      id: session.id,
      partId: session.part_id,
      kind: session.kind,
      time: formatTimeRange(session.starts_at, session.ends_at, event.time_zone, locale),
      title: inLocale(locale, { ko: session.title_ko, en: session.title_en }),
      room: session.room,
      people: session.people.map((person) => personLine(person, locale)),
    })),
    pageTitle: `${t("agenda.title")} · ${eventTitle(event, locale)} · ${t("nav.admin")}`,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // What a post on this page asks for; a form without an intent saves a session.
  const agendaCommand = z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("add-part") }),
    z.object({ intent: z.literal("update-part"), partId: rowIdField }),
    z.object({ intent: z.literal("remove-part"), partId: rowIdField }),
    z.object({ intent: z.literal("remove"), sessionId: rowIdField }),
    z.object({ intent: z.literal("shift") }),
    z.object({ intent: z.literal("session") }),
  ]);
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const formData = await readFormData(request);
  const parsed = agendaCommand.safeParse({ intent: "session", ...Object.fromEntries(formData) });
  if (!parsed.success) return data({ errors: { form: messageKey("error.invalid") }, form: "" }, { status: 400 });
  const command = parsed.data;
  const back = redirect(`/admin/events/${eventId}/agenda`);
  switch (command.intent) {
    case "add-part":
    case "update-part": {
      const part = parseForm(partFormSchema, formData);
      if (!part.success) return data({ ...part, form: command.intent === "add-part" ? "part" : `part-${command.partId ?? 0}` }, { status: 400 });
      if (command.intent === "add-part") await addPart(context.db, eventId, part.data);
      else if (command.partId === null || !(await updatePart(context.db, eventId, command.partId, part.data))) throw notFound();
      return back;
    }
    case "remove-part":
      if (command.partId !== null) await removePart(context.db, eventId, command.partId);
      return back;
    case "remove":
      if (command.sessionId !== null) await removeSession(context.db, eventId, command.sessionId);
      return back;
  }
  try {
    return command.intent === "shift" ? await shift(context.db, eventId, formData, back) : await saveSessionForm(context.db, eventId, formData, back);
  } catch (error) {
    if (!(error instanceof AgendaRefused)) throw error;
    const { refusal } = error;
    const shifting = command.intent === "shift";
    const field = shifting ? "minutes" : refusal.reason === "unknown-part" ? "partId" : "startTime";
    return data(
      {
        ...fieldFailure(formData, { [field]: `agenda.error.${refusal.reason}` as const }),
        form: shifting ? "shift" : "session",
        overlapWith: refusal.reason === "overlap" ? refusal.other.title : null,
        overlapOf: shifting ? null : String(formData.get("titleKo") || formData.get("titleEn") || ""),
      },
      { status: 409 },
    );
  }
}

async function shift(db: AppLoadContext["db"], eventId: number, formData: FormData, back: Response) {
  const shiftSchema = z.object({
    sessionId: idField,
    minutes: z.coerce
      .number()
      .int()
      .min(-720)
      .max(720)
      .refine((n) => n !== 0),
  });
  const parsed = shiftSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ ...fieldFailure(formData, { minutes: "agenda.error.minutes" }), form: "shift" }, { status: 400 });
  await shiftSessions(db, eventId, parsed.data.sessionId, parsed.data.minutes);
  return back;
}

async function saveSessionForm(db: AppLoadContext["db"], eventId: number, formData: FormData, back: Response) {
  const parsed = parseForm(sessionFormSchema, formData);
  if (!parsed.success) return data({ ...parsed, form: "session" }, { status: 400 });
  await saveSession(db, eventId, parsed.data);
  return back;
}

export default function Agenda() {
  const { eventId, slug, title, parts, sessions } = useLoaderData<typeof loader>();
  const result: FormState & { form?: string; overlapWith?: string | null; overlapOf?: string | null } = useActionData<typeof action>() ?? {};
  const t = useT();
  const stateFor = (form: string): FormState => (result.form === form ? result : {});
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("agenda.title")}</h1>
      <p className="actions">
        <Link to={`/e/${slug}/agenda`} className="button">
          {t("agenda.public")}
        </Link>
        <Link to={`/admin/events/${eventId}/agenda/run-sheet`} className="button">
          {t("agenda.runSheet")}
        </Link>
        <Link to={`/admin/events/${eventId}/agenda/people`} className="button">
          {t("agenda.people")}
        </Link>
      </p>
      {result.overlapWith ? (
        <p className="notice notice--error" role="alert">
          {result.overlapOf ? t("agenda.overlapBoth", { title: result.overlapOf, other: result.overlapWith }) : t("agenda.overlapWith", { title: result.overlapWith })}
        </p>
      ) : null}
      {sessions.length === 0 ? (
        <p>{t("agenda.none")}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t("agenda.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("agenda.time")}</th>
              <th scope="col">{t("agenda.session")}</th>
              <th scope="col">{t("agenda.part")}</th>
              <th scope="col">{t("agenda.room")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("access.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id}>
                <td>{session.time}</td>
                <td>
                  <Link to={`/admin/events/${eventId}/agenda/sessions/${session.id}`}>{session.title}</Link> <span className="muted">({t(`agenda.kind.${session.kind}` as const)})</span>
                  {session.people.length > 0 ? <div className="muted">{session.people.join(", ")}</div> : null}
                </td>
                <td>{parts.find((part) => part.id === session.partId)?.title ?? ""}</td>
                <td>{session.room}</td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="sessionId" value={session.id} />
                    <label className="visually-hidden" htmlFor={`shift-${session.id}`}>
                      {t("agenda.shiftMinutes", { title: session.title })}
                    </label>
                    <input id={`shift-${session.id}`} name="minutes" type="number" inputMode="numeric" step={5} defaultValue={10} className="input--narrow" />
                    <button type="submit" name="intent" value="shift" className="button button--small">
                      {t("agenda.shift")}
                    </button>
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
      {result.form === "shift" && result.errors?.minutes ? (
        <p className="notice notice--error" role="alert">
          {t(result.errors.minutes)}
        </p>
      ) : null}
      <h2>{t("agenda.addSession")}</h2>
      <FormErrorSummary state={stateFor("session")} />
      {/* A new key once a session is added, so the form empties for the next one. */}
      <Form method="post" noValidate key={`session-${sessions.length}`}>
        <input type="hidden" name="intent" value="session" />
        <SelectField
          name="partId"
          label={t("agenda.part")}
          state={stateFor("session")}
          options={[{ value: "", label: t("agenda.noPart") }, ...parts.map((part) => ({ value: String(part.id), label: part.title }))]}
        />
        <SelectField name="kind" label={t("agenda.kind")} state={stateFor("session")} options={SESSION_KINDS.map((kind) => ({ value: kind, label: t(`agenda.kind.${kind}` as const) }))} />
        <div className="field-row">
          <Field name="startTime" type="time" label={t("field.startTime")} required state={stateFor("session")} />
          <Field name="endTime" type="time" label={t("field.endTime")} required state={stateFor("session")} />
        </div>
        <Field name="titleKo" label={t("agenda.titleKo")} state={stateFor("session")} />
        <Field name="titleEn" label={t("agenda.titleEn")} state={stateFor("session")} />
        <Field name="descriptionKo" label={t("agenda.descriptionKo")} multiline state={stateFor("session")} />
        <Field name="descriptionEn" label={t("agenda.descriptionEn")} multiline state={stateFor("session")} />
        <Field name="room" label={t("agenda.room")} hint={t("agenda.roomHint")} state={stateFor("session")} />
        <Field name="cue" label={t("agenda.cue")} hint={t("agenda.cueHint")} multiline state={stateFor("session")} />
        <button type="submit" className="button button--primary">
          {t("agenda.addSession")}
        </button>
      </Form>
      {parts.length > 0 ? (
        <>
          <h2>{t("agenda.parts")}</h2>
          {parts.map((part) => (
            <PartRow key={`${part.id}-${part.titleKo}-${part.titleEn}`} part={part} state={stateFor(`part-${part.id}`)} />
          ))}
        </>
      ) : null}
      <h2>{t("agenda.addPart")}</h2>
      <FormErrorSummary state={stateFor("part")} />
      <Form method="post" noValidate key={`part-${parts.length}`}>
        <input type="hidden" name="intent" value="add-part" />
        <Field name="titleKo" label={t("agenda.partKo")} state={stateFor("part")} idPrefix="part" />
        <Field name="titleEn" label={t("agenda.partEn")} state={stateFor("part")} idPrefix="part" />
        <button type="submit" className="button">
          {t("agenda.addPart")}
        </button>
      </Form>
    </section>
  );
}
