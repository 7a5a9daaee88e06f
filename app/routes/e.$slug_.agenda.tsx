import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { keepPageWhenUnreachable } from "~/components/live-reload";
import { usePolling } from "~/components/use-polling";
import { listAgenda, personLine } from "~/domain/program/agenda.server";
import { listAwards } from "~/domain/program/awards.server";
import { getPublishedEventBySlug } from "~/domain/events/events.server";
import { eventTitle, eventWhen } from "~/domain/events/event-view";
import { formatTimeRange } from "~/lib/format";
import { inLocale, translate, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { notFound } from "~/web/responses";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

// Reloaded every minute while the event runs, often on a venue's patchy network: a reload that does not get through keeps the program.
export const clientLoader = keepPageWhenUnreachable();

/** The public program by part, with what is on now and next while the event runs; printable. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const event = await getPublishedEventBySlug(context.db, params.slug ?? "");
  if (!event) throw notFound();
  const locale = await resolveLocale(request);
  const [{ parts, sessions }, awards] = await Promise.all([listAgenda(context.db, event.id), listAwards(context.db, event.id, "public")]);
  const now = Date.now();
  const running = now >= event.starts_at.getTime() && now < event.ends_at.getTime();
  const current = sessions.find((s) => s.starts_at.getTime() <= now && now < s.ends_at.getTime());
  const next = sessions.find((s) => s.starts_at.getTime() > now && (!current || s.starts_at >= current.ends_at));
  const view = (session: (typeof sessions)[number]) => ({
    id: session.id,
    partId: session.part_id,
    time: formatTimeRange(session.starts_at, session.ends_at, event.time_zone, locale),
    kind: session.kind,
    title: inLocale(locale, { ko: session.title_ko, en: session.title_en }),
    description: inLocale(locale, { ko: session.description_ko, en: session.description_en }),
    room: session.room,
    people: session.people.map((person) => personLine(person, locale)),
    // The awards presented in this session, by name (the recipients are on the awards page).
    awards: awards.filter((category) => category.session_id === session.id).map((category) => inLocale(locale, { ko: category.name_ko, en: category.name_en })),
    // "Now" and "next" only while the event runs; before it, everything is simply to come.
    state: !running ? null : session.id === current?.id ? ("now" as const) : session.id === next?.id ? ("next" as const) : null,
  });
  const groups = [
    ...parts.map((part) => ({ key: `part-${part.id}`, title: inLocale(locale, { ko: part.title_ko, en: part.title_en }), sessions: sessions.filter((s) => s.part_id === part.id).map(view) })),
    { key: "other", title: "", sessions: sessions.filter((s) => s.part_id === null || !parts.some((p) => p.id === s.part_id)).map(view) },
  ].filter((group) => group.sessions.length > 0);
  const title = eventTitle(event, locale);
  return {
    slug: event.slug,
    title,
    when: eventWhen(event, locale),
    groups,
    running,
    isSample: event.is_sample,
    pageTitle: `${translate(locale, "agenda.title")} · ${title}`,
  };
}

export default function PublicAgenda() {
  const { slug, title, when, groups, running, isSample } = useLoaderData<typeof loader>();
  const t = useT();
  // While the event runs, "now" and "next" move along by themselves.
  usePolling(running, 60_000);
  return (
    <article className="program">
      <p className="no-print actions">
        <Link to={`/e/${slug}`}>← {title}</Link>
        <a href={`/e/${slug}/agenda.ics`} download>
          {t("agenda.calendar")}
        </a>
      </p>
      {isSample ? (
        <p className="notice notice--info" role="note">
          {t("event.sampleNotice")}
        </p>
      ) : null}
      <header className="program__head no-print">
        <h1>{title}</h1>
        <p>
          {t("agenda.title")} · {when.date} {when.time}
        </p>
      </header>
      {groups.length === 0 ? (
        <p>{t("agenda.none")}</p>
      ) : (
        // One table for the whole program, so a printed program repeats its head on every page.
        <table className="table program__table">
          <caption className="visually-hidden">{t("agenda.title")}</caption>
          <thead className="program__print-head">
            <tr>
              <th colSpan={2} scope="colgroup">
                <span className="program__print-title">{title}</span>
                <span className="program__print-when">
                  {t("agenda.title")} · {when.date} {when.time}
                </span>
              </th>
            </tr>
          </thead>
          {groups.map((group) => (
            <tbody key={group.key} className="program__part">
              {group.title ? (
                <tr className="program__part-title">
                  <th colSpan={2} scope="colgroup">
                    <h2>{group.title}</h2>
                  </th>
                </tr>
              ) : null}
              {group.sessions.map((session) => (
                <tr key={session.id} className={session.state ? `program__row--${session.state}` : undefined}>
                  <td className="program__time">{session.time}</td>
                  <td>
                    {session.state ? <span className={`badge badge--${session.state}`}>{t(`agenda.${session.state}` as const)}</span> : null}
                    <strong>{session.title}</strong> <span className="muted">({t(`agenda.kind.${session.kind}` as const)})</span>
                    {session.room ? <span className="muted"> · {session.room}</span> : null}
                    {session.people.length > 0 ? <p className="program__people">{session.people.join(", ")}</p> : null}
                    {session.awards.length > 0 ? (
                      <p className="program__people">
                        <Link to={`/e/${slug}/awards`}>{session.awards.join(", ")}</Link>
                      </p>
                    ) : null}
                    {session.description ? <p className="program__description">{session.description}</p> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
    </article>
  );
}
