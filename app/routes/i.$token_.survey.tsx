import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, FormErrorSummary, type FormState, type SummaryField } from "~/components/field";
import { ChoiceGroup } from "~/components/rsvp-form";
import { eventTitle } from "~/domain/events/event-view";
import { answerField, RATING_SCALE } from "~/domain/survey/survey";
import { answerSurvey, guestSurvey, surveyAnswerSchema, type SurveyQuestion } from "~/domain/survey/survey.server";
import { inLocale, translate, useT, type MessageKey } from "~/i18n/i18n";
import { formatDateTime } from "~/lib/format";
import { fieldFailure, parseForm } from "~/lib/forms.server";
import { readFormData } from "~/web/form-data.server";
import { requireGuest } from "~/web/guest.server";
import { resolveLocale } from "~/web/locale.server";
import type { PageHandle } from "~/web/page-handle";
import { privatePageHeaders } from "~/web/private-page";
import { personalPageMeta } from "~/web/meta";

export { PersonalLinkError as ErrorBoundary } from "~/components/personal-link-error";

export const headers = privatePageHeaders;

// A plain form answered with a redirect: no JavaScript needed on the guest's phone.
export const handle: PageHandle = { hydrate: false };

export const meta = personalPageMeta;

/** The survey after the event (만족도 조사), from the guest's personal link; only for those checked in. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { invitee, event } = await requireGuest(context, params.token);
  const locale = await resolveLocale(request);
  const survey = await guestSurvey(context.db, event.id, invitee.id);
  const title = eventTitle(event, locale);
  const pageTitle = `${translate(locale, "survey.guest.title")} · ${title} · ${translate(locale, "app.name")}`;
  if (survey.status !== "open") return { token: params.token!, title, status: survey.status, form: null, pageTitle };
  const values: Record<string, string> = {};
  for (const [id, value] of Object.entries(survey.answers ?? {})) values[answerField(Number(id))] = String(value);
  return {
    token: params.token!,
    title,
    status: survey.status,
    form: {
      anonymous: survey.anonymous,
      closesAt: formatDateTime(survey.closesAt, event.time_zone, locale),
      answeredAt: survey.answeredAt ? formatDateTime(survey.answeredAt, event.time_zone, locale) : null,
      questions: survey.questions.map((question) => questionView(question, locale)),
      values,
    },
    pageTitle,
  };
}

function questionView(question: SurveyQuestion, locale: "ko" | "en") {
  return { id: question.id, kind: question.kind, label: inLocale(locale, question.label), options: question.options.map((option) => inLocale(locale, option)), required: question.required };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { invitee, event } = await requireGuest(context, params.token);
  const survey = await guestSurvey(context.db, event.id, invitee.id);
  if (survey.status !== "open") return redirect(`/i/${params.token}/survey`);
  const formData = await readFormData(request);
  const parsed = parseForm(surveyAnswerSchema(survey.questions), formData);
  if (!parsed.success) return data(parsed, { status: 400 });
  const result = await answerSurvey(context.db, event.id, invitee.id, parsed.data);
  if (result.status === "empty") return data(fieldFailure(formData, result.errors), { status: 400 });
  return redirect(`/i/${params.token}/survey${result.status === "saved" ? "?saved=1" : ""}`);
}

const unavailable: Record<"not-sent" | "not-attended" | "closed", MessageKey> = {
  "not-sent": "survey.guest.notSent",
  "not-attended": "survey.guest.notAttended",
  closed: "survey.guest.closed",
};

const ratingLabel: Record<(typeof RATING_SCALE)[number], MessageKey> = {
  1: "survey.rating.1",
  2: "survey.rating.2",
  3: "survey.rating.3",
  4: "survey.rating.4",
  5: "survey.rating.5",
};

export default function GuestSurvey() {
  const { token, title, status, form } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as FormState | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const state: FormState = failure ?? {};
  return (
    <article className="survey-guest">
      <p>
        <Link to={`/i/${token}`}>← {title}</Link>
      </p>
      <h1>{t("survey.guest.title")}</h1>
      {!form ? (
        <p className="notice notice--info">{t(unavailable[status as keyof typeof unavailable])}</p>
      ) : (
        <>
          <p>{t("survey.guest.intro", { closes: form.closesAt })}</p>
          {form.anonymous ? <p className="notice notice--info">{t("survey.guest.anonymous")}</p> : null}
          {params.get("saved") ? (
            <p className="notice notice--success" role="status">
              {t("survey.guest.thanks")}
            </p>
          ) : form.answeredAt ? (
            <p className="notice notice--info">{t("survey.guest.answered", { at: form.answeredAt })}</p>
          ) : null}
          <Form method="post" noValidate>
            <FormErrorSummary
              state={state}
              fields={form.questions.map((question): SummaryField => ({
                name: answerField(question.id),
                label: question.label,
                id: question.kind === "text" ? `field-${answerField(question.id)}` : `${answerField(question.id)}-${question.kind === "rating" ? 1 : 0}`,
              }))}
            />
            {form.questions.map((question, index) => {
              const name = answerField(question.id);
              // After a failed submit, what was sent (a box left empty stays empty); else the saved answers.
              const value = state.values ? (state.values[name] ?? "") : (form.values[name] ?? "");
              const legend = `${index + 1}. ${question.label}`;
              if (question.kind === "text") {
                return <Field key={question.id} name={name} label={legend} multiline required={question.required} state={state} defaults={{ [name]: value }} />;
              }
              const options =
                question.kind === "rating"
                  ? RATING_SCALE.map((score) => ({ value: String(score), label: t(ratingLabel[score]) }))
                  : question.options.map((option, optionIndex) => ({ value: String(optionIndex), label: option }));
              return <ChoiceGroup key={question.id} name={name} legend={legend} options={options} value={value} error={state.errors?.[name]} required={question.required} />;
            })}
            <button type="submit" className="button button--primary">
              {t(form.answeredAt ? "survey.guest.update" : "survey.guest.submit")}
            </button>
          </Form>
        </>
      )}
    </article>
  );
}
