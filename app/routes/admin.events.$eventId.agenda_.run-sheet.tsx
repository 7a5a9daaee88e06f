import { vipIntroductions } from "~/domain/checkin/arrivals.server";
import { recordAccess } from "~/domain/access-records/access-records.server";
import { organizerAccess } from "~/web/access-by.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAgenda, personLine } from "~/domain/program/agenda.server";
import { listAwardsForOrganizer } from "~/domain/program/awards.server";
import { eventTitle, eventWhen } from "~/domain/events/event-view";
import { formatTimeRange } from "~/lib/format";
import { inLocale, useT } from "~/i18n/i18n";
import { requireEventPage } from "~/web/event-page.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "Nanum" }, { name: "robots", content: "noindex, nofollow" }];

/** The MC's run sheet (큐시트): every session with its time, place and the MC's note, for printing. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { eventId, event, locale, t, organizer } = await requireEventPage(request, context, params.eventId, "event.edit");
  const [{ parts, sessions }, awards, vips] = await Promise.all([listAgenda(context.db, eventId), listAwardsForOrganizer(context.db, eventId, locale), vipIntroductions(context.db, eventId)]);
  const title = eventTitle(event, locale);
  // It names the guests of honour expected and the award recipients: a list of people, recorded.
  const introduced = vips.filter((vip) => vip.status === "attending");
  const recipients = (awards ?? []).reduce((sum, category) => sum + category.recipients.length, 0);
  await recordAccess(context.db, {
    ...organizerAccess(context, organizer.id),
    action: "list",
    eventId,
    subjectIds: introduced.map((vip) => vip.id),
    count: introduced.length + recipients,
    filter: { list: "run-sheet" },
  });
  const partTitles = new Map(parts.map((part) => [part.id, inLocale(locale, { ko: part.title_ko, en: part.title_en })]));
  return {
    eventId,
    title,
    when: eventWhen(event, locale),
    rows: sessions.map((session) => ({
      id: session.id,
      time: formatTimeRange(session.starts_at, session.ends_at, event.time_zone, locale),
      part: session.part_id === null ? "" : (partTitles.get(session.part_id) ?? ""),
      title: inLocale(locale, { ko: session.title_ko, en: session.title_en }),
      kind: session.kind,
      room: session.room,
      cue: session.cue,
      people: session.people.map((person) => personLine(person, locale)),
      // Who hands over what: each award of the session, its presenter, and the recipients in call order.
      awards: (awards ?? [])
        .filter((category) => category.sessionId === session.id)
        .map((category) => ({
          id: category.id,
          name: category.name,
          presenter: category.presenter,
          recipients: category.recipients.map((recipient) => ({ id: recipient.id, name: recipient.name, standIn: recipient.standIn?.name ?? null })),
        })),
    })),
    // The guests of honour expected, in protocol order: the MC introduces those who came (내빈 소개).
    introductions: introduced.map((vip) => ({ id: vip.id, name: vip.proxy_name || vip.name, onBehalfOf: vip.proxy_name ? vip.name : null, organization: vip.organization, position: vip.position })),
    pageTitle: `${t("agenda.runSheet")} · ${title}`,
  };
}

export default function RunSheet() {
  const { eventId, title, when, rows, introductions } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="run-sheet">
      <p className="no-print">
        <Link to={`/admin/events/${eventId}/agenda`}>← {t("agenda.title")}</Link>
      </p>
      <h1>{t("agenda.runSheet")}</h1>
      <p>
        <strong>{title}</strong> · {when.date} {when.time}
      </p>
      <table className="table program__table">
        <caption className="visually-hidden">{t("agenda.runSheet")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("agenda.time")}</th>
            <th scope="col">{t("agenda.part")}</th>
            <th scope="col">{t("agenda.session")}</th>
            <th scope="col">{t("agenda.people")}</th>
            <th scope="col">{t("agenda.room")}</th>
            <th scope="col">{t("agenda.cue")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="program__time">{row.time}</td>
              <td>{row.part}</td>
              <td>
                {row.title} <span className="muted">({t(`agenda.kind.${row.kind}` as const)})</span>
              </td>
              <td>{row.people.join(", ")}</td>
              <td>{row.room}</td>
              <td className="program__description">
                {row.cue}
                {row.awards.map((award) => (
                  <p key={award.id} className="run-sheet__award">
                    <strong>{award.name}</strong>
                    {award.presenter ? ` · ${t("awards.presenter", { name: award.presenter })}` : ""}
                    <br />
                    {award.recipients.map((recipient, index) => (
                      <span key={recipient.id}>
                        {index > 0 ? ", " : ""}
                        {index + 1}. {recipient.name}
                        {recipient.standIn ? ` (${t("runSheet.receivedBy", { name: recipient.standIn })})` : ""}
                      </span>
                    ))}
                  </p>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {introductions.length > 0 ? (
        <section className="run-sheet__introductions">
          <h2>{t("runSheet.introductions")}</h2>
          <p className="muted">{t("runSheet.introductionsHint")}</p>
          <ol>
            {introductions.map((vip) => (
              <li key={vip.id}>
                {vip.organization} {vip.position} <strong>{vip.name}</strong>
                {vip.onBehalfOf ? ` (${t("ticket.onBehalfOf", { name: vip.onBehalfOf })})` : ""}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </article>
  );
}
