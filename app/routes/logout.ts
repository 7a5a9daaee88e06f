import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { closeSession } from "~/domain/accounts/organizers.server";
import { readSessionToken, sessionCookie } from "~/web/session.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const token = await readSessionToken(request, context.config);
  if (token) await closeSession(context.db, token);
  return redirect("/", { headers: { "Set-Cookie": await sessionCookie(context.config).serialize("", { maxAge: 0 }) } });
}

export async function loader() {
  return redirect("/");
}
