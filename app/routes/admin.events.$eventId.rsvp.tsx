import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { QuestionFields } from "~/components/rsvp-question-fields";
import { OptionalConsentEditor } from "~/components/optional-consent-fields";
import { addOptionalConsentItem, listOptionalConsentItemsForEditing, optionalConsentItemSchema, removeOptionalConsentItem, updateOptionalConsentItem } from "~/domain/rsvp/optional-consents.server";
import {
  addRsvpQuestion,
  getRsvpSettings,
  moveRsvpQuestion,
  questionFormSchema,
  removeRsvpQuestion,
  rsvpSettingsSchema,
  saveRsvpSettings,
  updateRsvpQuestion,
} from "~/domain/rsvp/rsvp-settings.server";
import { requireEventPermission } from "~/web/auth.server";
import { fieldFailure, idField, parseForm, rowIdField } from "~/lib/forms.server";
import { inLocale, translator, useT, type MessageKey } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import attendeesStylesheet from "~/styles/attendees.css";
import { readFormData } from "~/web/form-data.server";
import { notFound } from "~/web/responses";
import { pageTitleMeta } from "~/web/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: attendeesStylesheet }];

export const meta = pageTitleMeta;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const settings = await getRsvpSettings(context.db, eventId);
  if (!settings) throw notFound();
  const locale = await resolveLocale(request);
  const t = translator(locale);
  const { title: titles, ...rest } = settings;
  const title = inLocale(locale, titles);
  const optionalConsents = await listOptionalConsentItemsForEditing(context.db, eventId);
  return { eventId, title, ...rest, optionalConsents, pageTitle: `${t("rsvpSettings.title")}: ${title} · ${t("app.name")}` };
}

const SAVED = ["settings", "question-added", "question-saved", "question-moved", "question-removed", "optional-added", "optional-saved", "optional-removed"] as const;
type Saved = (typeof SAVED)[number];

/** Which form on the page a failed submit belongs to, so only that one shows its errors. */
type Failure = { form: string; success: false; errors: Record<string, MessageKey>; values: Record<string, string> };
const fail = (form: string, failure: Omit<Failure, "form">) => data({ form, ...failure }, { status: 400 });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const questionTarget = z.object({
    intent: z.enum(["save-question", "move-up", "move-down", "remove-question"]),
    questionId: idField,
  });
  const { eventId } = await requireEventPermission(request, context, params.eventId, "event.edit");
  const formData = await readFormData(request);
  const done = (saved: Saved) => redirect(`/admin/events/${eventId}/rsvp?saved=${saved}${saved === "settings" ? "" : saved.startsWith("optional") ? "#optional-consents" : "#questions"}`);
  const intent = formData.get("intent");
  if (intent === "settings") {
    const parsed = parseForm(rsvpSettingsSchema, formData);
    if (!parsed.success) return fail("settings", parsed);
    await saveRsvpSettings(context.db, eventId, parsed.data);
    return done("settings");
  }
  if (intent === "add-question") {
    const parsed = parseForm(questionFormSchema, formData);
    if (!parsed.success) return fail("new", parsed);
    await addRsvpQuestion(context.db, eventId, parsed.data);
    return done("question-added");
  }
  if (intent === "add-optional") {
    const parsed = parseForm(optionalConsentItemSchema, formData);
    if (!parsed.success) return fail("optional-new", parsed);
    await addOptionalConsentItem(context.db, eventId, parsed.data);
    return done("optional-added");
  }
  if (intent === "save-optional" || intent === "remove-optional") {
    const itemId = rowIdField.parse(formData.get("itemId"));
    if (itemId === null) throw notFound();
    if (intent === "remove-optional") {
      if (!(await removeOptionalConsentItem(context.db, eventId, itemId))) throw notFound();
      return done("optional-removed");
    }
    const parsed = parseForm(optionalConsentItemSchema, formData);
    if (!parsed.success) return fail(`optional-${itemId}`, parsed);
    if (!(await updateOptionalConsentItem(context.db, eventId, itemId, parsed.data))) throw notFound();
    return done("optional-saved");
  }
  const target = questionTarget.safeParse({ intent, questionId: formData.get("questionId") });
  if (!target.success) return fail("settings", fieldFailure(formData, { form: "error.invalid" }));
  const { questionId } = target.data;
  switch (target.data.intent) {
    case "save-question": {
      const parsed = parseForm(questionFormSchema, formData);
      if (!parsed.success) return fail(`q${questionId}`, parsed);
      const result = await updateRsvpQuestion(context.db, eventId, questionId, parsed.data);
      if (result.status === "not-found") throw notFound();
      if (result.status === "refused") return fail(`q${questionId}`, fieldFailure(formData, result.errors));
      return done("question-saved");
    }
    case "move-up":
    case "move-down":
      if (!(await moveRsvpQuestion(context.db, eventId, questionId, target.data.intent === "move-up" ? "up" : "down"))) throw notFound();
      return done("question-moved");
    case "remove-question":
      if (!(await removeRsvpQuestion(context.db, eventId, questionId))) throw notFound();
      return done("question-removed");
  }
}

const savedMessage: Record<Saved, MessageKey> = {
  settings: "form.saved",
  "question-added": "rsvpSettings.questionAdded",
  "question-saved": "rsvpSettings.questionSaved",
  "question-moved": "rsvpSettings.questionMoved",
  "question-removed": "rsvpSettings.questionRemoved",
  "optional-added": "optionalConsent.added",
  "optional-saved": "optionalConsent.saved",
  "optional-removed": "optionalConsent.removed",
};

export default function RsvpSettings() {
  const { eventId, title, values, standardConsent, questions, optionalConsents } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const [params] = useSearchParams();
  const saved = params.get("saved");
  const t = useT();
  const stateOf = (form: string): FormState => (failure?.form === form ? failure : {});
  const settings = stateOf("settings");
  const noticeEnabled = settings.values ? settings.values.noticeEnabled === "on" : values.noticeEnabled === "on";
  return (
    <section>
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("rsvpSettings.title")}</h1>
      <p>{t("rsvpSettings.intro")}</p>
      {saved && (SAVED as readonly string[]).includes(saved) ? (
        <p className="notice notice--success" role="status">
          {t(savedMessage[saved as Saved])}
        </p>
      ) : null}
      <FormErrorSummary state={settings} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="settings" />
        <div className="field-row">
          <Field name="maxCompanions" label={t("rsvpSettings.maxCompanions")} hint={t("rsvpSettings.maxCompanionsHint")} type="number" inputMode="numeric" state={settings} defaults={values} />
          <Field name="offerHours" label={t("rsvpSettings.offerHours")} hint={t("rsvpSettings.offerHoursHint")} type="number" inputMode="numeric" state={settings} defaults={values} />
        </div>
        <fieldset>
          <legend>{t("rsvpSettings.consent")}</legend>
          <p className="field__hint">{t("rsvpSettings.consentHint")}</p>
          {(["ko", "en"] as const).map((language) => (
            <div key={language} className="consent-edit">
              <Field
                name={language === "ko" ? "consentTextKo" : "consentTextEn"}
                label={t(language === "ko" ? "rsvpSettings.consentTextKo" : "rsvpSettings.consentTextEn")}
                multiline
                placeholder={standardConsent[language]}
                state={settings}
                defaults={values}
              />
              <div className="consent-default">
                <p className="field__hint">{t("rsvpSettings.consentDefault")}</p>
                <p className="consent-default__text" lang={language}>
                  {standardConsent[language]}
                </p>
              </div>
            </div>
          ))}
          <Field name="retentionDays" label={t("rsvpSettings.retentionDays")} hint={t("rsvpSettings.retentionDaysHint")} type="number" inputMode="numeric" state={settings} defaults={values} />
        </fieldset>
        <fieldset>
          <legend>{t("rsvpSettings.notice")}</legend>
          <div className="field field--check">
            <input type="checkbox" id="field-noticeEnabled" name="noticeEnabled" defaultChecked={noticeEnabled} />
            <label htmlFor="field-noticeEnabled">{t("rsvpSettings.noticeEnabled")}</label>
          </div>
          <Field name="noticeTime" label={t("rsvpSettings.noticeTime")} hint={t("rsvpSettings.noticeTimeHint")} type="time" state={settings} defaults={values} />
          <div className="field-row">
            <Field name="parkingInfoKo" label={t("rsvpSettings.parkingInfoKo")} hint={t("rsvpSettings.parkingHint")} multiline state={settings} defaults={values} />
            <Field name="parkingInfoEn" label={t("rsvpSettings.parkingInfoEn")} hint={t("rsvpSettings.parkingHint")} multiline state={settings} defaults={values} />
          </div>
        </fieldset>
        <button type="submit" className="button button--primary">
          {t("rsvpSettings.save")}
        </button>
      </Form>

      <OptionalConsentEditor items={optionalConsents} stateOf={stateOf} />

      <h2 id="questions">{t("rsvpSettings.questions")}</h2>
      <p>{t("rsvpSettings.questionsIntro")}</p>
      {questions.length === 0 ? <p className="muted">{t("rsvpSettings.noQuestions")}</p> : null}
      <ol className="question-list">
        {questions.map((question, index) => {
          const state = stateOf(`q${question.id}`);
          return (
            <li key={question.id} className="question-card">
              <Form method="post" noValidate aria-label={t("rsvpSettings.question", { n: index + 1 })}>
                <h3>{t("rsvpSettings.question", { n: index + 1 })}</h3>
                <FormErrorSummary state={state} />
                <input type="hidden" name="questionId" value={question.id} />
                {question.answered ? <p className="field__hint">{t("rsvpSettings.answeredHint")}</p> : null}
                <QuestionFields prefix={`q${question.id}`} state={state} defaults={question.values} />
                <div className="actions">
                  <button type="submit" name="intent" value="save-question" className="button button--primary">
                    {t("rsvpSettings.saveQuestion")}
                  </button>
                  <button type="submit" name="intent" value="move-up" className="button" disabled={index === 0}>
                    {t("rsvpSettings.moveUp")}
                  </button>
                  <button type="submit" name="intent" value="move-down" className="button" disabled={index === questions.length - 1}>
                    {t("rsvpSettings.moveDown")}
                  </button>
                  <button type="submit" name="intent" value="remove-question" className="button button--danger">
                    {t("rsvpSettings.remove")}
                  </button>
                </div>
              </Form>
            </li>
          );
        })}
      </ol>
      {/* Emptied (re-mounted) once a question is added. */}
      <Form key={questions.length} method="post" noValidate className="question-card" aria-labelledby="new-question">
        <h3 id="new-question">{t("rsvpSettings.newQuestion")}</h3>
        <FormErrorSummary state={stateOf("new")} />
        <QuestionFields prefix="new" state={stateOf("new")} defaults={{ kind: "text" }} />
        <button type="submit" name="intent" value="add-question" className="button button--primary">
          {t("rsvpSettings.add")}
        </button>
      </Form>
    </section>
  );
}
