import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { BarChart } from "~/components/bar-chart";
import { Field, FormErrorSummary, type FormState } from "~/components/field";
import { recordListing } from "~/domain/access-records/access-records.server";
import { eventTitle } from "~/domain/events/event-view";
import { questionSlots, RATING_SCALE, slotField, SURVEY_KINDS, SURVEY_OPEN_DAYS, surveyKindLabel } from "~/domain/survey/survey";
import { closeSurvey, saveSurvey, sendSurvey, surveyAudience, surveyFormSchema, surveyResults, type SendSurveyResult } from "~/domain/survey/survey.server";
import { inLocale, useLocale, useT, type MessageKey } from "~/i18n/i18n";
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
  const { eventId } = await requireEventPage(request, context, params.eventId, "event.edit");
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
    const sent = await sendSurvey(context.db, eventId, mailOrigin(context.config));
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
          <FormErrorSummary state={save} />
          <Form method="post" noValidate aria-labelledby="questions">
            <input type="hidden" name="intent" value="save" />
            <fieldset>
              <legend>{t("survey.settings")}</legend>
              <div className="field field--check">
                <input type="checkbox" id="field-anonymous" name="anonymous" defaultChecked={values.anonymous === "on"} />
                <label htmlFor="field-anonymous">{t("survey.anonymous")}</label>
              </div>
              <p className="field__hint">{t("survey.anonymousHint")}</p>
              <div className="field field--check">
                <input type="checkbox" id="field-autoSend" name="autoSend" defaultChecked={values.autoSend === "on"} />
                <label htmlFor="field-autoSend">{t("survey.autoSend")}</label>
              </div>
              <Field name="autoSendHours" label={t("survey.autoSendHours")} hint={t("survey.autoSendHoursHint")} type="number" inputMode="numeric" state={save} defaults={values} />
            </fieldset>
            <ol className="question-list">
              {questionSlots.map((slot) => (
                <li key={slot} className="question-card">
                  <fieldset>
                    <legend>{t("survey.question", { n: slot })}</legend>
                    <div className="field">
                      <label htmlFor={`field-${slotField(slot, "Kind")}`}>{t("survey.kind")}</label>
                      <select id={`field-${slotField(slot, "Kind")}`} name={slotField(slot, "Kind")} defaultValue={values[slotField(slot, "Kind")] ?? "rating"}>
                        {SURVEY_KINDS.map((kind) => (
                          <option key={kind} value={kind}>
                            {t(surveyKindLabel[kind])}
                          </option>
                        ))}
                      </select>
                    </div>
                    <div className="field-row">
                      <Field name={slotField(slot, "LabelKo")} label={t("survey.labelKo")} state={save} defaults={values} />
                      <Field name={slotField(slot, "LabelEn")} label={t("survey.labelEn")} state={save} defaults={values} />
                    </div>
                    <div className="field-row">
                      <Field name={slotField(slot, "OptionsKo")} label={t("survey.optionsKo")} hint={t("survey.optionsHint")} multiline state={save} defaults={values} />
                      <Field name={slotField(slot, "OptionsEn")} label={t("survey.optionsEn")} hint={t("survey.optionsHint")} multiline state={save} defaults={values} />
                    </div>
                    <div className="field field--check">
                      <input type="checkbox" id={`field-${slotField(slot, "Required")}`} name={slotField(slot, "Required")} defaultChecked={values[slotField(slot, "Required")] === "on"} />
                      <label htmlFor={`field-${slotField(slot, "Required")}`}>{t("survey.required")}</label>
                    </div>
                  </fieldset>
                </li>
              ))}
            </ol>
            <button type="submit" className="button button--primary">
              {t("survey.save")}
            </button>
          </Form>

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
          {survey.questions.map((question, index) => {
            const result = results[index]!;
            const label = `${question.position}. ${inLocale(locale, question.label)}`;
            return (
              <section key={question.id} className="survey-result" aria-labelledby={`result-${question.id}`}>
                <h3 id={`result-${question.id}`}>{label}</h3>
                {result.kind === "rating" ? (
                  <>
                    <p>{result.average === null ? t("survey.noAnswers") : t("survey.average", { average: result.average.toFixed(2), count: number(result.count) })}</p>
                    <BarChart
                      title={label}
                      description={t("survey.chartRating", { count: number(result.count) })}
                      bars={RATING_SCALE.map((score, i) => ({ label: t("survey.score", { score }), value: result.distribution[i]! }))}
                      valueLabel={number}
                    />
                    <table className="table">
                      <caption>{t("survey.byScore")}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t("survey.scoreColumn")}</th>
                          <th scope="col">{t("survey.countColumn")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {RATING_SCALE.map((score, i) => (
                          <tr key={score}>
                            <th scope="row">{t("survey.score", { score })}</th>
                            <td>{number(result.distribution[i]!)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    {result.byGroup.length > 0 ? (
                      <table className="table">
                        <caption>{t("survey.byGroup")}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t("survey.groupColumn")}</th>
                            <th scope="col">{t("survey.countColumn")}</th>
                            <th scope="col">{t("survey.averageColumn")}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {result.byGroup.map((group) => (
                            <tr key={group.group}>
                              <th scope="row">{group.group || t("survey.noGroup")}</th>
                              <td>{number(group.count)}</td>
                              <td>{group.average?.toFixed(2) ?? "—"}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    ) : null}
                  </>
                ) : result.kind === "choice" ? (
                  <>
                    <p>{t("survey.answerCount", { count: number(result.count) })}</p>
                    <BarChart
                      title={label}
                      description={t("survey.chartChoice", { count: number(result.count) })}
                      bars={question.options.map((option, i) => ({ label: inLocale(locale, option), value: result.counts[i]! }))}
                      valueLabel={number}
                    />
                    <table className="table">
                      <caption>{t("survey.byGroup")}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t("survey.groupColumn")}</th>
                          {question.options.map((option, i) => (
                            <th key={i} scope="col">
                              {inLocale(locale, option)}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        <tr>
                          <th scope="row">{t("survey.allGroups")}</th>
                          {result.counts.map((count, i) => (
                            <td key={i}>{number(count)}</td>
                          ))}
                        </tr>
                        {result.byGroup.map((group) => (
                          <tr key={group.group}>
                            <th scope="row">{group.group || t("survey.noGroup")}</th>
                            {group.counts.map((count, i) => (
                              <td key={i}>{number(count)}</td>
                            ))}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </>
                ) : (
                  <>
                    <p>{t("survey.answerCount", { count: number(result.count) })}</p>
                    <ul className="survey-texts">
                      {result.answers.map((answer, i) => (
                        <li key={i}>
                          <blockquote>{answer.text}</blockquote>
                          <p className="muted">{[answer.name, answer.group].filter(Boolean).join(" · ")}</p>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </section>
            );
          })}
        </>
      )}
    </section>
  );
}
