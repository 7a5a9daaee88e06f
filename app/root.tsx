import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { skipLiveReloads } from "~/components/live-reload";
import { useHydrationDone } from "~/components/hydration";
import { Form, isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { getSignedIn } from "~/web/auth.server";
import { DEFAULT_LOCALE, hasCatalogue, translator, type Locale } from "~/i18n/i18n";
import { sendsScripts, staticScripts } from "~/web/page-handle";
import { useNonce } from "~/web/nonce";
import { resolveLocale } from "~/web/locale.server";
import { catalogueChunk } from "~/web/catalogue-chunks.server";
import stylesheet from "~/styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// A live page (arrivals) reloads only its own data.
export const shouldRevalidate = skipLiveReloads;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await resolveLocale(request);
  const signedIn = await getSignedIn(request, context);
  return { locale, organizerName: signedIn?.organizer.name ?? null, catalogue: catalogueChunk(locale) };
}

function LanguageSwitch({ locale }: { locale: Locale }) {
  const location = useLocation();
  const t = translator(locale);
  return (
    // A whole new page: the browser has only the current language's messages (entry.client.tsx).
    <Form method="post" action="/language" reloadDocument className="language-switch" aria-label={t("nav.language")}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" name="lang" value="ko" aria-pressed={locale === "ko"} lang="ko">
        한국어
      </button>
      <button type="submit" name="lang" value="en" aria-pressed={locale === "en"} lang="en">
        English
      </button>
    </Form>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const handles = useMatches().map((match) => match.handle);
  const hydrate = sendsScripts(handles);
  const nonce = useNonce();
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const t = translator(locale);
  const chosenLocale = data?.locale;
  useEffect(() => {
    // The browser holds only the language the page was loaded in: another one (a link with
    // `?lang=`) is loaded with the page, from the server. Not when the root's data is missing
    // (an error page): the page's own language then stands, and reloading could repeat forever.
    if (chosenLocale && !hasCatalogue(chosenLocale)) window.location.reload();
  }, [chosenLocale]);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {/* The page's language, fetched with the other scripts rather than after them (entry.client.tsx). */}
        {hydrate && data?.catalogue ? <link rel="modulepreload" href={data.catalogue} /> : null}
      </head>
      <body>
        <a
          className="skip-link"
          href="#main"
          onClick={(event) => {
            // With scripts the router would take the hash for a navigation (and drop a failed form's
            // errors): focus the main content in place. Without them the browser follows the link.
            const main = document.getElementById("main");
            if (!main) return;
            event.preventDefault();
            main.focus();
          }}
        >
          {t("nav.skip")}
        </a>
        <header className="site-header">
          <Link to="/" className="brand">
            {t("app.name")}
          </Link>
          <nav aria-label={t("nav.main")}>
            <Link to="/">{t("nav.events")}</Link>
            {data?.organizerName ? <Link to="/admin">{t("nav.admin")}</Link> : <Link to="/login">{t("nav.login")}</Link>}
          </nav>
          <LanguageSwitch locale={locale} />
        </header>
        {/* Focusable from the skip link, not by Tab. */}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>{t("app.footer")}</p>
          <p>
            <Link to="/accessibility">{t("a11y.link")}</Link>
          </p>
        </footer>
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : (
          staticScripts(handles).map((script) => <script key={script} src={script} defer />)
        )}
      </body>
    </html>
  );
}

export default function App() {
  useHydrationDone();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const t = translator(data?.locale ?? DEFAULT_LOCALE);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // On the server, entry.server.tsx handleError has logged it already; in the browser it is for the console.
  if (!isRouteErrorResponse(error) && typeof document !== "undefined") console.error(error);
  const [title, body] =
    status === 404
      ? [t("error.notFound.title"), t("error.notFound.body")]
      : status === 403
        ? [t("error.forbidden.title"), t("error.forbidden.body")]
        : status < 500
          ? [t("error.badRequest.title"), t("error.badRequest.body")]
          : [t("error.server.title"), t("error.server.body")];
  return (
    <section className="error-page">
      <title>{`${title} · ${t("app.name")}`}</title>
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <Link to="/">{t("error.home")}</Link>
      </p>
    </section>
  );
}
