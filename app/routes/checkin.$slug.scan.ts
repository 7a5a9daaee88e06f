import type { ActionFunctionArgs } from "@remix-run/node";
import { answerScan, scanResponse } from "~/web/scan-endpoint.server";

/**
 * One check-in from a scanner, as JSON. The built server answers this address before Remix does
 * (same function, see app/web/scan-endpoint.server.ts); this route serves it everywhere else.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const body: unknown = await request.json().catch(() => null);
  return scanResponse(await answerScan(context, { slug: params.slug, cookieHeader: request.headers.get("Cookie"), requestUrl: request.url, body }));
}
