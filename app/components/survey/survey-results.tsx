import { BarChart } from "~/components/bar-chart";
import type { SurveyQuestion, QuestionResult } from "~/domain/survey/survey.server";
import { RATING_SCALE } from "~/domain/survey/survey";
import { inLocale, useLocale, useT } from "~/i18n/i18n";
import { formatNumber } from "~/lib/format";

/**
 * Each question's results: a rating's average and how many gave each score, a choice's counts,
 * both as server-drawn SVG bars with the same figures in a table, and by invitee group; a text
 * question's answers listed (with whose they are only when the survey is not anonymous).
 */
export function SurveyResults({ questions, results }: { questions: SurveyQuestion[]; results: QuestionResult[] }) {
  const t = useT();
  const locale = useLocale();
  const number = (value: number) => formatNumber(value, locale);
  return (
    <>
      {questions.map((question, index) => {
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
  );
}
