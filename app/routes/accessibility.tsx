import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { translate, useT, type MessageKey } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { pageTitleMeta } from "~/web/meta";

export const meta = pageTitleMeta;

const TESTING: MessageKey[] = ["a11y.testing.axe", "a11y.testing.keyboard", "a11y.testing.screenReader", "a11y.testing.reading"];
const LIMITS: MessageKey[] = ["a11y.limits.camera", "a11y.limits.print", "a11y.limits.exports"];

/** The accessibility statement (접근성 정책), linked from every page's footer. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await resolveLocale(request);
  return { contact: context.config.accessibilityContact ?? null, pageTitle: `${translate(locale, "a11y.title")} · ${translate(locale, "app.name")}` };
}

export default function AccessibilityStatement() {
  const { contact } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <article className="statement">
      <h1>{t("a11y.title")}</h1>
      <p>{t("a11y.intro")}</p>
      <h2>{t("a11y.standardTitle")}</h2>
      <p>{t("a11y.standard")}</p>
      <h2>{t("a11y.testingTitle")}</h2>
      <ul>
        {TESTING.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
      <h2>{t("a11y.limitsTitle")}</h2>
      <ul>
        {LIMITS.map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
      <h2>{t("a11y.contactTitle")}</h2>
      <p>{contact ? t("a11y.contact", { contact }) : t("a11y.contactOrganizer")}</p>
    </article>
  );
}
