import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormErrorSummary, type FormState } from "~/components/field";
import { SurveyEditor } from "~/components/survey/survey-editor";
import { SurveyResults } from "~/components/survey/survey-results";
import { recordListing } from "~/domain/access-records/access-records.server";
import { eventTitle } from "~/domain/events/event-view";
import { SURVEY_OPEN_DAYS } from "~/domain/survey/survey";
import { closeSurvey, saveSurvey, sendSurvey, surveyAudience, surveyFormSchema, surveyResults, type SendSurveyResult } from "~/domain/survey/survey.server";
import { useLocale, useT, type MessageKey } from "~/i18n/i18n";
import { formatDateTime, formatNumber } from "~/lib/format";
import { fieldFailure, parseForm } from "~/lib/forms.server";
import { mailOrigin } from "~/lib/mail-origin.server";
import attendeesStylesheet from "~/styles/attendees.css";
import { organizerAccess } from "~/web/access-by.server";
import { requireEventPage } from "~/web/event-page.server";
import { readFormData } from "~/web/form-data.server";
import { pageTitleMeta } from "~/web/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: attendeesStylesheet }];

export const meta = pageTitleMeta;

/** The survey after the event: its questions and settings, the send and close buttons, and the results. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const { survey, responses, results, namedInviteeIds } = await surveyResults(context.db, eventId);
  // Text answers of a survey that is not anonymous name who gave them: personal data on screen.
  if (namedInviteeIds.length > 0) await recordListing(context.db, organizerAccess(context, organizer.id), { eventId, list: "survey", subjectIds: namedInviteeIds });
  const at = (when: Date | null) => (when ? formatDateTime(when, event.time_zone, locale) : null);
  return {
    eventId,
    title: eventTitle(event, locale),
    survey: { ...survey, sentAt: at(survey.sentAt), closesAt: at(survey.closesAt) },
    audience: survey.state === "draft" ? await surveyAudience(context.db, eventId) : survey.recipients,
    responses,
    results,
    pageTitle: `${t("survey.title")}: ${eventTitle(event, locale)} · ${t("app.name")}`,
  };
}

const SENT_REFUSALS: Record<Exclude<SendSurveyResult["status"], "sent">, MessageKey> = {
  "already-sent": "survey.error.alreadySent",
  "no-questions": "survey.error.noQuestions",
  "not-started": "survey.error.notStarted",
  cancelled: "survey.error.cancelled",
  purged: "survey.error.purged",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { eventId, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const done = (what: string) => redirect(`/admin/events/${eventId}/survey?done=${what}`);
  if (intent === "save") {
    const parsed = parseForm(surveyFormSchema, formData);
    if (!parsed.success) return data({ form: "save", ...parsed }, { status: 400 });
    const saved = await saveSurvey(context.db, eventId, parsed.data);
    if (saved.status === "sent") return data({ form: "save", ...fieldFailure(formData, { form: "survey.error.alreadySent" }) }, { status: 409 });
    return done("saved");
  }
  if (intent === "send") {
    const sent = await sendSurvey(context.db, eventId, mailOrigin(context.config), new Date(), organizerAccess(context, organizer.id));
    if (sent.status !== "sent") return data({ form: "send", ...fieldFailure(formData, { form: SENT_REFUSALS[sent.status] }) }, { status: 409 });
    context.mail.nudge();
    return done("sent");
  }
  if (intent === "close") {
    await closeSurvey(context.db, eventId);
    return done("closed");
  }
  return data({ form: "save", ...fieldFailure(formData, { form: "error.invalid" }) }, { status: 400 });
}

type Failure = FormState & { form: "save" | "send" };

const DONE: Record<string, MessageKey> = { saved: "survey.saved", sent: "survey.sent", closed: "survey.closed" };

const stateLabel: Record<"draft" | "open" | "closed", MessageKey> = { draft: "survey.state.draft", open: "survey.state.open", closed: "survey.state.closed" };

export default function SurveyPage() {
  const { eventId, title, survey, audience, responses, results } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const done = DONE[params.get("done") ?? ""];
  const save: FormState = failure?.form === "save" ? failure : {};
  const send: FormState = failure?.form === "send" ? failure : {};
  const values = save.values ?? survey.values;
  const draft = survey.state === "draft";
  const number = (value: number) => formatNumber(value, locale);
  return (
    <section className="survey-admin">
      <p>
        <Link to={`/admin/events/${eventId}`}>← {title}</Link>
      </p>
      <h1>{t("survey.title")}</h1>
      <p>{t("survey.intro", { days: SURVEY_OPEN_DAYS })}</p>
      {done ? (
        <p className="notice notice--success" role="status">
          {t(done)}
        </p>
      ) : null}
      <dl className="survey-status">
        <dt>{t("survey.stateLabel")}</dt>
        <dd>{t(stateLabel[survey.state])}</dd>
        <dt>{t("survey.anonymousLabel")}</dt>
        <dd>{t(survey.anonymous ? "survey.anonymousYes" : "survey.anonymousNo")}</dd>
        {survey.sentAt ? (
          <>
            <dt>{t("survey.sentAt")}</dt>
            <dd>{t("survey.sentTo", { at: survey.sentAt, count: number(survey.recipients) })}</dd>
            <dt>{t("survey.closesAt")}</dt>
            <dd>{survey.closesAt}</dd>
          </>
        ) : survey.autoSendHours !== null ? (
          <>
            <dt>{t("survey.autoSendLabel")}</dt>
            <dd>{t("survey.autoSendAfter", { hours: survey.autoSendHours })}</dd>
          </>
        ) : null}
      </dl>

      {draft ? (
        <>
          <h2 id="questions">{t("survey.questions")}</h2>
          <p>{t("survey.questionsIntro")}</p>
          <SurveyEditor state={save} values={values} />

          <h2 id="send">{t("survey.sendTitle")}</h2>
          <p>{t("survey.sendIntro")}</p>
          <FormErrorSummary state={send} />
          <Form method="post" aria-labelledby="send">
            <input type="hidden" name="intent" value="send" />
            <button type="submit" className="button button--primary" disabled={survey.questions.length === 0}>
              {t("survey.send", { count: number(audience) })}
            </button>
          </Form>
        </>
      ) : (
        <>
          {survey.state === "open" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="close" />
              <p>{t(survey.anonymous ? "survey.closeAnonymousHint" : "survey.closeHint")}</p>
              <button type="submit" className="button">
                {t("survey.close")}
              </button>
            </Form>
          ) : null}
          <h2 id="results">{t("survey.results")}</h2>
          <p>{t("survey.responses", { count: number(responses), of: number(survey.recipients) })}</p>
          {survey.anonymous ? <p className="notice notice--info">{t("survey.anonymousResults")}</p> : null}
          <p>
            <a href={`/admin/events/${eventId}/download?what=survey-export&format=xlsx`} className="button">
              {t("survey.export")}
            </a>
          </p>
          <SurveyResults questions={survey.questions} results={results} />
        </>
      )}
    </section>
  );
}
