import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAwards } from "~/domain/program/awards.server";
import { getPublishedEventBySlug } from "~/domain/events/events.server";
import { eventTitle } from "~/domain/events/event-view";
import { inLocale, translate, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { notFound } from "~/web/responses";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

/** The awards, category by category in call order; minors' names arrive here already masked. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const event = await getPublishedEventBySlug(context.db, params.slug ?? "");
  if (!event) throw notFound();
  const locale = await resolveLocale(request);
  const categories = await listAwards(context.db, event.id, "public");
  const title = eventTitle(event, locale);
  return {
    slug: event.slug,
    isSample: event.is_sample,
    title,
    categories: categories.map((category) => ({
      id: category.id,
      name: inLocale(locale, { ko: category.name_ko, en: category.name_en }),
      description: inLocale(locale, { ko: category.description_ko, en: category.description_en }),
      presenter: category.presenter,
      recipients: category.recipients.map(({ id, name, organization, grade, citation }) => ({ id, name, organization, grade, citation })),
    })),
    pageTitle: `${translate(locale, "awards.title")} · ${title}`,
  };
}

export default function PublicAwards() {
  const { slug, title, categories, isSample } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="awards">
      <p className="no-print">
        <Link to={`/e/${slug}`}>← {title}</Link>
      </p>
      {isSample ? (
        <p className="notice notice--info" role="note">
          {t("event.sampleNotice")}
        </p>
      ) : null}
      <h1>{t("awards.title")}</h1>
      {categories.length === 0 ? <p>{t("awards.none")}</p> : null}
      {categories.map((category) => (
        <section key={category.id}>
          <h2>{category.name}</h2>
          {category.description ? <p className="event__description">{category.description}</p> : null}
          {category.presenter ? <p className="muted">{t("awards.presenter", { name: category.presenter })}</p> : null}
          <ol>
            {category.recipients.map((recipient) => (
              <li key={recipient.id}>
                <strong>{recipient.name}</strong> {recipient.organization} {recipient.grade}
                {recipient.citation ? <p className="muted">{recipient.citation}</p> : null}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </article>
  );
}
