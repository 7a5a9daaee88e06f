import type { LoaderFunctionArgs } from "@remix-run/node";
import { skipLiveReloads } from "~/components/live-reload";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireOrganizer } from "~/web/auth.server";
import { useT } from "~/i18n/i18n";
import { privatePageHeaders } from "~/web/private-page";

export const headers = privatePageHeaders;

// A live page (arrivals) reloads only its own data.
export const shouldRevalidate = skipLiveReloads;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { organizer } = await requireOrganizer(request, context);
  return { name: organizer.name, email: organizer.email };
}

export default function AdminLayout() {
  const { name } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="admin">
      <nav className="admin-nav" aria-label={t("admin.nav")}>
        <NavLink to="/admin" end>
          {t("admin.dashboard")}
        </NavLink>
        <NavLink to="/admin/events/new">{t("admin.newEvent")}</NavLink>
        <NavLink to="/admin/account">{t("admin.account")}</NavLink>
        <span className="admin-nav__who">{name}</span>
        <Form method="post" action="/logout">
          <button type="submit" className="button button--link">
            {t("nav.logout")}
          </button>
        </Form>
      </nav>
      <Outlet />
    </div>
  );
}
