import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { safeRedirectPath } from "~/web/auth.server";
import { isLocale } from "~/i18n/i18n";
import { localeCookie } from "~/web/locale.server";
import { readFormData } from "~/web/form-data.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request);
  const lang = form.get("lang");
  const target = safeRedirectPath(form.get("redirectTo"), "/");
  if (!isLocale(lang)) return redirect(target);
  return redirect(target, { headers: { "Set-Cookie": await localeCookie.serialize(lang) } });
}

export async function loader() {
  return redirect("/");
}
