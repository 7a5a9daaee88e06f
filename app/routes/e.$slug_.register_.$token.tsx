import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useLoaderData, useNavigation, useParams, useRouteError } from "@remix-run/react";
import { confirmRegistration, findRegistrationLink, type RegistrationLink } from "~/domain/rsvp/registration.server";
import { inLocale, translator, useT } from "~/i18n/i18n";
import { resolveLocale } from "~/web/locale.server";
import { mailOrigin } from "~/lib/mail-origin.server";
import { privatePageHeaders } from "~/web/private-page";

export const headers = privatePageHeaders;

// The token is in the address: keep it out of search engines and other sites' Referer.
// "same-origin", not "no-referrer": under no-referrer a browser without JavaScript posts the
// confirm form with "Origin: null", which the site-wide CSRF check rightly refuses.
// On an unusable link the error page names itself (its own <title>): the head then carries none.
export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  ...(error ? [] : [{ title: data?.pageTitle ?? "Nanum" }]),
  { name: "robots", content: "noindex, nofollow" },
  { name: "referrer", content: "same-origin" },
];

type Unusable = Extract<RegistrationLink, { status: "unknown" | "expired" | "closed" }>["status"];

/** Unknown links answer 404; expired ones and those of events no longer taking registrations 410. */
function unusableLink(reason: Unusable): Response {
  return Response.json({ reason }, { status: reason === "unknown" ? 404 : 410 });
}

/**
 * Opening the link only shows a button: mail scanners and link previews fetch links, and must
 * not confirm anyone. The POST does it (and, like every POST, must come from this site).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const link = await findRegistrationLink(context.db, params.slug ?? "", params.token ?? "");
  if (link.status === "confirmed") throw redirect(link.personalPath);
  if (link.status === "unknown" || link.status === "expired" || link.status === "closed") throw unusableLink(link.status);
  const locale = await resolveLocale(request);
  const t = translator(locale);
  if (link.status === "known") return { known: true as const, pageTitle: `${t("registration.knownTitle")} · ${t("app.name")}` };
  const title = inLocale(locale, link.title);
  return { known: false as const, title, name: link.name, email: link.email, pageTitle: `${t("registration.confirmTitle")}: ${title} · ${t("app.name")}` };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const result = await confirmRegistration(context.db, { slug: params.slug ?? "", token: params.token ?? "", mail: mailOrigin(context.config) });
  if (result.status === "unknown" || result.status === "expired" || result.status === "closed") throw unusableLink(result.status);
  if (result.status === "known") {
    context.mail.nudge();
    return redirect(new URL(request.url).pathname);
  }
  if (result.status === "registered") context.mail.nudge();
  return redirect(result.personalPath);
}

export default function ConfirmRegistration() {
  const page = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  if (page.known) {
    return (
      <section className="narrow">
        <h1>{t("registration.knownTitle")}</h1>
        <p>{t("registration.known")}</p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>{t("registration.confirmTitle")}</h1>
      <p>{t("registration.confirmFor", { name: page.name, email: page.email, title: page.title })}</p>
      <Form method="post">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t("registration.confirmButton")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { slug } = useParams();
  const t = useT();
  const reason = isRouteErrorResponse(error) ? (error.data as { reason?: Unusable } | null)?.reason : undefined;
  // On the server, entry.server.tsx handleError has logged it already; in the browser it is for the console.
  if (!isRouteErrorResponse(error) && typeof document !== "undefined") console.error(error);
  const [title, body] =
    reason === "expired"
      ? [t("registration.invalidTitle"), t("registration.expired")]
      : reason === "closed"
        ? [t("registration.invalidTitle"), t("registration.closedLink")]
        : reason === "unknown"
          ? [t("registration.invalidTitle"), t("registration.unknown")]
          : [t("error.server.title"), t("error.server.body")];
  return (
    <section className="error-page">
      <title>{`${title} · ${t("app.name")}`}</title>
      <h1>{title}</h1>
      <p>{body}</p>
      {reason && reason !== "closed" ? (
        <p>
          <Link to={`/e/${slug ?? ""}/register`} className="button button--primary">
            {t("registration.again")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
